package io.capacitybroker.matching.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.matching.QuoteOption;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {

    @Test
    void theSameSeedGivesTheSameMarket() {
        SyntheticMarket a = SyntheticMarket.generate(1, 20, 2_000);
        SyntheticMarket b = SyntheticMarket.generate(1, 20, 2_000);

        assertThat(a.sites()).isEqualTo(b.sites());
        assertThat(a.offers()).isEqualTo(b.offers());
        assertThat(a.usageByOffer()).isEqualTo(b.usageByOffer());
    }

    @Test
    void theBenchmarkRequestsFindOptionsInASmallerMarket() {
        SyntheticMarket market = SyntheticMarket.generate(SyntheticMarket.SEED, 50, 10_000);
        OfferIndex index = market.newIndex();

        List<QuoteOption> filtered = index.match(SyntheticMarket.benchmarkRequest(), SyntheticMarket.NOW,
                SyntheticMarket.STALE_AFTER, market.rates());
        List<QuoteOption> split = index.match(SyntheticMarket.splitRequest(), SyntheticMarket.NOW,
                SyntheticMarket.STALE_AFTER, market.rates());

        assertThat(index.size()).isEqualTo(10_000);
        assertThat(filtered).hasSize(10);
        assertThat(split).isNotEmpty().allSatisfy(option -> assertThat(option.legs()).hasSizeGreaterThan(1));
    }
}

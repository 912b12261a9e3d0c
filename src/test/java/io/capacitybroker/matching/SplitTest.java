package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.H0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.platform.money.Money;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two sites, in Taiwan and Singapore; the request wants 12 GPUs for 24 h anywhere. */
class SplitTest {
    private final OfferIndex index = new OfferIndex();
    private final Fixtures.RequestBuilder request = Fixtures.request().anyPlace().gpus(12, 24).split(4);

    @BeforeEach
    void sites() {
        index.upsertSite(Fixtures.site("tw-1").build());
        index.upsertSite(Fixtures.site("sg-1").in("SG", Jurisdiction.SG).reliability(0.95).build());
    }

    private void offer(String offerId, String siteId, int gpus, String unitPrice) {
        index.upsertOffer(Fixtures.offer(offerId, siteId).gpus(gpus).price(unitPrice, Fixtures.USD).build());
    }

    private List<QuoteOption> match() {
        return Fixtures.match(index, request.build());
    }

    @Test
    void aRequestNoOfferCanServeAloneIsSplitAcrossSitesCheapestFirst() {
        offer("sg-b", "sg-1", 8, "2.10");
        offer("tw-a", "tw-1", 8, "2.00");

        QuoteOption option = match().get(0);

        assertThat(option.legs()).extracting(Leg::offerId, Leg::gpuCount, Leg::startHour, Leg::endHour)
                .containsExactly(
                        tuple("tw-a", 8, H0, H0 + 24),
                        tuple("sg-b", 4, H0, H0 + 24));
        // 8 x 24 x 2.00 + 4 x 24 x 2.10
        assertThat(option.total()).isEqualTo(Money.of("585.60", "USD"));
        assertThat(option.reason()).contains("split into 2 legs at 2 site(s)", "lowest site reliability 0.95");
    }

    @Test
    void aLegLeavesARemainderOfAtLeastTheMinimumBlock() {
        offer("tw-a", "tw-1", 10, "2.00");
        offer("sg-b", "sg-1", 8, "2.10");

        assertThat(match().get(0).legs()).extracting(Leg::gpuCount).containsExactly(8, 4);
    }

    @Test
    void anOfferWhoseMinimumExceedsWhatItCanGiveIsLeftOut() {
        Fixtures.OfferBuilder cheapButPicky = Fixtures.offer("tw-a", "tw-1").gpus(16).price("1.00", Fixtures.USD);
        cheapButPicky.minGpus = 8;
        index.upsertOffer(cheapButPicky.build());
        index.replaceUsage("tw-a", usedEveryHour(10));
        offer("sg-b", "sg-1", 8, "2.10");
        offer("sg-c", "sg-1", 8, "2.20");

        assertThat(match().get(0).legs()).extracting(Leg::offerId, Leg::gpuCount)
                .containsExactly(
                        tuple("sg-b", 8),
                        tuple("sg-c", 4));
    }

    private static Map<Long, Integer> usedEveryHour(int gpus) {
        Map<Long, Integer> usage = new HashMap<>();
        for (long h = H0; h < H0 + 7 * 24; h++) usage.put(h, gpus);
        return usage;
    }

    @Test
    void aSplitStartsWhenEnoughCapacityIsFreeTogether() {
        offer("tw-a", "tw-1", 8, "2.00");
        offer("sg-b", "sg-1", 8, "2.10");
        index.replaceUsage("tw-a", Map.of(H0, 8, H0 + 1, 8, H0 + 4, 6));

        QuoteOption option = match().get(0);

        assertThat(option.startHour()).isEqualTo(H0 + 5);
        assertThat(option.legs()).extracting(Leg::startHour).containsOnly(H0 + 5);
    }

    @Test
    void eachCombinationOfOffersIsOfferedOnceAtItsBestStart() {
        offer("tw-a", "tw-1", 8, "2.00");
        offer("sg-b", "sg-1", 8, "2.10");
        offer("sg-c", "sg-1", 8, "2.20");
        index.replaceUsage("sg-c", Map.of(H0 + 3, 8, H0 + 30, 8));
        index.replaceUsage("tw-a", Map.of(H0 + 40, 8));

        List<QuoteOption> options = match();

        assertThat(options).extracting(option -> option.legs().stream().map(Leg::offerId).sorted().toList())
                .doesNotHaveDuplicates()
                .first().isEqualTo(List.of("sg-b", "tw-a"));
        assertThat(options.get(0).startHour()).isEqualTo(H0);
    }

    @Test
    void noSplitIsOfferedWhenOneOfferCanServeTheWholeRequest() {
        offer("tw-big", "tw-1", 12, "2.90");
        offer("sg-b", "sg-1", 8, "1.00");
        offer("sg-c", "sg-1", 8, "1.00");

        assertThat(match()).singleElement()
                .satisfies(option -> assertThat(option.legs()).extracting(Leg::offerId).containsExactly("tw-big"));
    }

    @Test
    void noSplitIsOfferedWhenTheRequestDoesNotAllowIt() {
        offer("tw-a", "tw-1", 8, "2.00");
        offer("sg-b", "sg-1", 8, "2.10");
        request.allowSplit = false;

        assertThat(match()).isEmpty();
    }

    @Test
    void noSplitIsOfferedWhenTheOffersFallShort() {
        offer("tw-a", "tw-1", 6, "2.00");
        offer("sg-b", "sg-1", 5, "2.10");

        assertThat(match()).isEmpty();
    }

    @Test
    void everySplitHasExactlyTheRequestedGpusAndTheSumOfItsLegsAsTotal() {
        offer("tw-a", "tw-1", 5, "2.00");
        offer("tw-b", "tw-1", 5, "2.05");
        offer("sg-c", "sg-1", 5, "2.10");

        assertThat(match()).isNotEmpty().allSatisfy(option -> {
            assertThat(option.legs()).extracting(Leg::gpuCount).containsExactly(4, 4, 4);
            assertThat(option.legs().stream().mapToInt(Leg::gpuCount).sum()).isEqualTo(12);
            assertThat(option.total()).isEqualTo(option.legs().stream().map(Leg::total).reduce(Money::plus).orElseThrow());
        });
    }
}

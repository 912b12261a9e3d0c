package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.EUR;
import static io.capacitybroker.matching.Fixtures.H0;
import static io.capacitybroker.matching.Fixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.vocabulary.GpuModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Locale;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RankingTest {
    private final OfferIndex index = new OfferIndex();
    private final Fixtures.RequestBuilder request = Fixtures.request();

    @BeforeEach
    void sites() {
        index.upsertSite(Fixtures.site("tw-1").build());
        index.upsertSite(Fixtures.site("tw-2").reliability(0.90).build());
    }

    private void offer(String offerId, String siteId, String unitPrice) {
        index.upsertOffer(Fixtures.offer(offerId, siteId).price(unitPrice, USD).build());
    }

    private List<QuoteOption> match() {
        return Fixtures.match(index, request.build());
    }

    @Test
    void cheaperTotalRanksFirstAndEachReasonSaysWhatItCostsMore() {
        offer("o-a", "tw-1", "2.10");
        offer("o-b", "tw-1", "2.00");
        offer("o-c", "tw-1", "2.20");

        List<QuoteOption> options = match();

        assertThat(options).extracting(QuoteOption::rank).containsExactly(1, 2, 3);
        assertThat(options).extracting(o -> o.legs().get(0).offerId()).containsExactly("o-b", "o-a", "o-c");
        assertThat(options.get(0).reason()).isEqualTo("cheapest total 384.00 USD; starts at requested earliest start;"
                + " preferred model #1 (H100-SXM-80GB); site reliability 0.99");
        assertThat(options.get(1).reason()).startsWith("costs 19.20 USD more than rank 1; total 403.20 USD");
        assertThat(options.get(2).reason()).startsWith("costs 19.20 USD more than rank 2");
    }

    @Test
    void onEqualTotalsTheEarlierStartWins() {
        offer("o-a", "tw-1", "2.00");
        offer("o-b", "tw-1", "2.00");
        index.replaceUsage("o-a", Map.of(H0 + 1, 16));

        List<QuoteOption> options = match();

        assertThat(options).extracting(QuoteOption::startHour).containsExactly(H0, H0 + 2);
        assertThat(options.get(1).reason()).startsWith("same total as rank 1 but starts 2 h later")
                .contains("starts 2 h after requested earliest start");
    }

    @Test
    void thenThePreferredModelWins() {
        request.models = List.of(GpuModel.H200_141GB, GpuModel.H100_SXM_80GB);
        offer("o-a", "tw-1", "2.00");
        index.upsertOffer(Fixtures.offer("o-b", "tw-1").model(GpuModel.H200_141GB).build());

        List<QuoteOption> options = match();

        assertThat(options).extracting(o -> o.legs().get(0).gpuModel())
                .containsExactly(GpuModel.H200_141GB, GpuModel.H100_SXM_80GB);
        assertThat(options.get(1).reason())
                .startsWith("same total and start as rank 1 but less preferred model (#2 vs #1)");
    }

    @Test
    void thenTheMoreReliableSiteWins() {
        offer("o-a", "tw-2", "2.00");
        offer("o-b", "tw-1", "2.00");

        List<QuoteOption> options = match();

        assertThat(options).extracting(o -> o.legs().get(0).siteId()).containsExactly("tw-1", "tw-2");
        assertThat(options.get(1).reason()).contains("lower site reliability (0.90 vs 0.99)");
    }

    @Test
    void finallyTheOfferIdDecides() {
        offer("o-b", "tw-1", "2.00");
        offer("o-a", "tw-1", "2.00");

        List<QuoteOption> options = match();

        assertThat(options).extracting(o -> o.legs().get(0).offerId()).containsExactly("o-a", "o-b");
        assertThat(options.get(1).reason()).contains("ordered by offer id");
    }

    @Test
    void totalsThatRoundToTheSameAmountTie() {
        // 8 x 24 x 2.00001 = 384.00192 and 8 x 24 x 2.00002 = 384.00384: both 384.00 USD.
        offer("o-a", "tw-1", "2.00002");
        offer("o-b", "tw-1", "2.00001");
        index.replaceUsage("o-b", Map.of(H0, 16));

        assertThat(match()).extracting(o -> o.legs().get(0).offerId()).containsExactly("o-a", "o-b");
    }

    @Test
    void atMostMaxOptionsAreReturned() {
        for (int i = 0; i < 9; i++) offer("o-" + i, "tw-1", "2.0" + i);
        request.maxOptions = 3;

        assertThat(match()).extracting(o -> o.legs().get(0).offerId()).containsExactly("o-0", "o-1", "o-2");
    }

    @Test
    void aRepricedOfferIsFoundAtItsNewPrice() {
        for (int i = 0; i < 12; i++) offer("o-" + (10 + i), "tw-1", "2." + (10 + i));
        request.maxOptions = 1;
        Fixtures.match(index, request.build());

        offer("o-21", "tw-1", "1.00");

        assertThat(match()).extracting(o -> o.legs().get(0).offerId()).containsExactly("o-21");
    }

    @Test
    void theBestFewAreTheHeadOfTheFullRankingWhateverTheInsertionOrder() {
        List<Fixtures.OfferBuilder> offers = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            Fixtures.OfferBuilder offer = Fixtures.offer(String.format("o-%03d", i), random.nextBoolean() ? "tw-1" : "tw-2")
                    .price("1." + random.nextInt(10) + random.nextInt(10), random.nextBoolean() ? USD : EUR)
                    .model(random.nextBoolean() ? GpuModel.H100_SXM_80GB : GpuModel.H200_141GB);
            offer.windowStart = H0 + random.nextInt(3);
            offers.add(offer);
        }
        request.models = List.of(GpuModel.H100_SXM_80GB, GpuModel.H200_141GB);
        offers.forEach(offer -> index.upsertOffer(offer.build()));
        request.maxOptions = 1000;
        List<QuoteOption> all = match();

        OfferIndex shuffled = new OfferIndex();
        shuffled.upsertSite(Fixtures.site("tw-1").build());
        shuffled.upsertSite(Fixtures.site("tw-2").reliability(0.90).build());
        Collections.shuffle(offers, random);
        offers.forEach(offer -> shuffled.upsertOffer(offer.build()));
        request.maxOptions = 7;
        List<QuoteOption> best = Fixtures.match(shuffled, request.build());

        assertThat(all).hasSize(300);
        assertThat(best).extracting(QuoteOption::legs).containsExactlyElementsOf(
                all.subList(0, 7).stream().map(QuoteOption::legs).toList());
        assertThat(best).extracting(QuoteOption::reason).containsExactlyElementsOf(
                all.subList(0, 7).stream().map(QuoteOption::reason).toList());
    }

    @Test
    void moneyIsWrittenInMinorUnitsWithGroupedThousandsAsStringFormatWouldWriteIt() {
        assertThat(Ranking.money(new BigDecimal("1234567.5"), Currency.getInstance("USD"))).isEqualTo("1,234,567.50 USD");
        assertThat(Ranking.money(new BigDecimal("-1234.565"), Currency.getInstance("EUR"))).isEqualTo("-1,234.57 EUR");
        assertThat(Ranking.money(new BigDecimal("123456.4"), Currency.getInstance("JPY"))).isEqualTo("123,456 JPY");
        assertThat(Ranking.money(new BigDecimal("0.005"), Currency.getInstance("USD"))).isEqualTo("0.01 USD");
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, random.nextInt(5));
            for (String code : List.of("USD", "JPY", "KWD")) {
                Currency currency = Currency.getInstance(code);
                assertThat(Ranking.money(amount, currency)).as("%s %s", amount, code).isEqualTo(String.format(Locale.ROOT,
                        "%,." + currency.getDefaultFractionDigits() + "f %s", amount, code));
            }
        }
    }
}

package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.EUR;
import static io.capacitybroker.matching.Fixtures.JPY;
import static io.capacitybroker.matching.Fixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {
    private static final PriceCard TIERED = new PriceCard(USD, new BigDecimal("2.50"), List.of(
            new PriceTier(720, new BigDecimal("1.90")),
            new PriceTier(168, new BigDecimal("2.20"))));

    @ParameterizedTest(name = "{0} h -> {1}")
    @CsvSource({"1, 2.50", "167, 2.50", "168, 2.20", "719, 2.20", "720, 1.90", "5000, 1.90"})
    void theTierWithTheLargestMinimumNotAboveTheDurationApplies(int hours, String expected) {
        assertThat(TIERED.unitPriceFor(hours)).isEqualByComparingTo(expected);
    }

    @Test
    void twoTiersForOneDurationAreRefused() {
        List<PriceTier> ambiguous = List.of(new PriceTier(24, BigDecimal.ONE), new PriceTier(24, BigDecimal.TEN));
        assertThatThrownBy(() -> new PriceCard(USD, BigDecimal.TEN, ambiguous)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLegIsPricedAtTheTierOfTheRequestedDuration() {
        Fixtures.OfferBuilder offer = Fixtures.offer("o-1", "tw-1");
        offer.unitPrice = TIERED.unitPrice();
        offer.tiers = TIERED.tiers();
        Fixtures.RequestBuilder request = Fixtures.request().gpus(8, 168);

        Leg leg = onlyLeg(offer, request);

        assertThat(leg.unitPrice()).isEqualByComparingTo("2.20");
        assertThat(leg.offerCurrencyTotal()).isEqualTo(Money.of("2956.80", "USD"));
        assertThat(leg.total()).isEqualTo(Money.of("2956.80", "USD"));
    }

    @Test
    void theTierPriceIsWhatTheMaximumUnitPriceIsComparedWith() {
        Fixtures.OfferBuilder offer = Fixtures.offer("o-1", "tw-1");
        offer.unitPrice = TIERED.unitPrice();
        offer.tiers = TIERED.tiers();
        Fixtures.RequestBuilder request = Fixtures.request().gpus(8, 168);
        request.maxUnitPrice = Optional.of(new BigDecimal("2.20"));

        assertThat(onlyLeg(offer, request).unitPrice()).isEqualByComparingTo("2.20");
    }

    @Test
    void anOfferInAnotherCurrencyIsConvertedExactly() {
        // 1.60 EUR x 8 GPUs x 24 h = 307.20 EUR; EUR -> USD is exactly 1.25.
        Leg leg = onlyLeg(Fixtures.offer("o-1", "tw-1").price("1.60", EUR), Fixtures.request());

        assertThat(leg.unitPrice()).isEqualByComparingTo("1.60");
        assertThat(leg.offerCurrencyTotal()).isEqualTo(Money.of("307.20", "EUR"));
        assertThat(leg.total()).isEqualTo(Money.of("384.00", "USD"));
    }

    @Test
    void yenHasNoMinorUnit() {
        Leg leg = onlyLeg(Fixtures.offer("o-1", "tw-1"), inCurrency(JPY));

        // 2.00 USD x 8 x 24 = 384.00 USD = 57,600 JPY
        assertThat(leg.total().amount()).isEqualTo(new BigDecimal("57600"));
        assertThat(leg.total().currency()).isEqualTo(JPY);
    }

    @ParameterizedTest(name = "{0} USD per GPU-hour x 150 = {1} JPY")
    @CsvSource({"0.01, 2", "0.03, 4", "0.0166666, 2"})
    void halfWayYenAmountsRoundToEven(String unitPrice, String expectedYen) {
        // 0.01 x 150 = 1.5 -> 2; 0.03 x 150 = 4.5 -> 4; 0.0166666 x 150 = 2.49999 -> 2
        Fixtures.RequestBuilder oneGpuForOneHour = inCurrency(JPY).gpus(1, 1);

        Leg leg = onlyLeg(Fixtures.offer("o-1", "tw-1").price(unitPrice, USD), oneGpuForOneHour);

        assertThat(leg.total().amount()).isEqualTo(new BigDecimal(expectedYen));
    }

    @Test
    void halfACentRoundsToEvenInTheOfferCurrency() {
        Leg leg = onlyLeg(Fixtures.offer("o-1", "tw-1").price("0.125", USD), Fixtures.request().gpus(1, 1));

        assertThat(leg.offerCurrencyTotal()).isEqualTo(Money.of("0.12", "USD"));
        assertThat(leg.total()).isEqualTo(Money.of("0.12", "USD"));
    }

    @Test
    void theTenantTotalIsConvertedFromTheExactAmountNotFromTheRoundedOne() {
        // 0.005 EUR rounds to 0.00 EUR for the partner, but 0.005 EUR = 0.00625 USD rounds to 0.01 USD.
        Leg leg = onlyLeg(Fixtures.offer("o-1", "tw-1").price("0.005", EUR), Fixtures.request().gpus(1, 1));

        assertThat(leg.offerCurrencyTotal()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(leg.total()).isEqualTo(Money.of("0.01", "USD"));
    }

    private static Fixtures.RequestBuilder inCurrency(Currency currency) {
        Fixtures.RequestBuilder request = Fixtures.request().noPriceLimit();
        request.currency = currency;
        return request;
    }

    private static Leg onlyLeg(Fixtures.OfferBuilder offer, Fixtures.RequestBuilder request) {
        OfferIndex index = new OfferIndex();
        index.upsertSite(Fixtures.site("tw-1").build());
        index.upsertOffer(offer.build());
        List<QuoteOption> options = Fixtures.match(index, request.build());
        assertThat(options).hasSize(1);
        assertThat(options.get(0).legs()).hasSize(1);
        assertThat(options.get(0).total()).isEqualTo(options.get(0).legs().get(0).total());
        return options.get(0).legs().get(0);
    }
}

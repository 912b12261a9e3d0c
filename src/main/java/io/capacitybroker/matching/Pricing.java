package io.capacitybroker.matching;

import io.capacitybroker.platform.money.ExchangeRates;
import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * Prices offers for one request. Exact answers come from {@link BigDecimal} and
 * {@link ExchangeRates#convertExact}; to stay allocation-free on the hot path, comparisons are
 * first made on double estimates with a safety margin far wider than their error (about 1e-15
 * relative), and only a close call is settled exactly.
 */
final class Pricing {
    /** Relative margin within which a double comparison is not trusted. */
    static final double MARGIN = 1e-9;

    private final MatchRequest request;
    private final ExchangeRates rates;
    private final Currency target;
    private final double maxUnitPriceEstimate;
    /** Offer currency -> factor into the request currency; NaN when the rates cannot convert. */
    private final Map<Currency, Double> factorEstimates = new HashMap<>();

    Pricing(MatchRequest request, ExchangeRates rates) {
        this.request = request;
        this.rates = rates;
        this.target = request.currency();
        this.maxUnitPriceEstimate = request.maxUnitPrice().map(BigDecimal::doubleValue).orElse(Double.POSITIVE_INFINITY);
    }

    /** The factor from {@code from} into the request currency, estimated; NaN when the rates cannot convert. */
    double factorEstimate(Currency from) {
        Double factor = factorEstimates.get(from);
        if (factor == null) {
            factor = rates.factor(from, target).map(BigDecimal::doubleValue).orElse(Double.NaN);
            factorEstimates.put(from, factor);
        }
        return factor;
    }

    /** Whether the converted unit price is at most the request's maximum, exactly. */
    boolean withinMaxUnitPrice(OfferState offer, int tier, double estimate) {
        if (request.maxUnitPrice().isEmpty() || estimate <= maxUnitPriceEstimate * (1 - MARGIN)) return true;
        if (estimate > maxUnitPriceEstimate * (1 + MARGIN)) return false;
        Currency from = offer.offer().price().currency();
        return rates.convertExact(offer.unitPrice(tier), from, target)
                .map(converted -> converted.compareTo(request.maxUnitPrice().get()) <= 0)
                .orElse(false);
    }

    /** The smallest step of the request currency, e.g. 0.01 USD or 1 JPY. */
    double minorUnit() {
        return Math.pow(10, -target.getDefaultFractionDigits());
    }

    /**
     * Prices a leg exactly: the offer-currency amount is computed exactly and rounded once for the
     * offer's side; the same exact amount is converted exactly and rounded once for the tenant.
     */
    Leg leg(OfferState state, IndexedSite site, int tier, int gpus, long startHour) {
        OfferSnapshot offer = state.offer();
        Currency from = offer.price().currency();
        BigDecimal unitPrice = state.unitPrice(tier);
        BigDecimal exact = unitPrice.multiply(BigDecimal.valueOf((long) gpus * request.durationHours()));
        BigDecimal converted = rates.convertExact(exact, from, target)
                .orElseThrow(() -> new IllegalStateException("offer " + offer.offerId() + " passed the currency check"));
        return new Leg(offer.offerId(), offer.siteId(), site.snapshot().partnerId(), offer.gpuModel(), gpus,
                startHour, startHour + request.durationHours(), unitPrice,
                Money.rounded(exact, from), Money.rounded(converted, target), offer.requiresConfirmation());
    }
}

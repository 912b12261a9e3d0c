package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.Jurisdiction;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * Everything the engine reads about one offer, immutable and replaced as a whole, so that a
 * reader sees either the old or the new offer with its usage, never a mix.
 *
 * <p>{@code jurisdiction} is the bucket the offer is indexed under, taken from its site; it is
 * null while the site is unknown, and such an offer is in no bucket and never sold.
 */
final class OfferState {
    private final OfferSnapshot offer;
    private final Jurisdiction jurisdiction;
    private final int siteOrdinal;
    private final UsageProfile usage;
    /** Index 0 holds the base price, index i + 1 tier i: doubles, to rank without allocating. */
    private final double[] unitPriceEstimates;

    private OfferState(OfferSnapshot offer, Jurisdiction jurisdiction, int siteOrdinal, UsageProfile usage,
                       double[] unitPriceEstimates) {
        this.offer = offer;
        this.jurisdiction = jurisdiction;
        this.siteOrdinal = siteOrdinal;
        this.usage = usage;
        this.unitPriceEstimates = unitPriceEstimates;
    }

    static OfferState of(OfferSnapshot offer, IndexedSite siteOrNull, UsageProfile usage) {
        PriceCard price = offer.price();
        double[] estimates = new double[price.tiers().size() + 1];
        estimates[0] = price.unitPrice().doubleValue();
        for (int i = 0; i < price.tiers().size(); i++) {
            estimates[i + 1] = price.tiers().get(i).unitPrice().doubleValue();
        }
        return new OfferState(offer, null, -1, usage, estimates).withSite(siteOrNull);
    }

    OfferState withUsage(UsageProfile newUsage) {
        return new OfferState(offer, jurisdiction, siteOrdinal, newUsage, unitPriceEstimates);
    }

    OfferState withSite(IndexedSite siteOrNull) {
        return siteOrNull == null
                ? new OfferState(offer, null, -1, usage, unitPriceEstimates)
                : new OfferState(offer, siteOrNull.snapshot().jurisdiction(), siteOrNull.ordinal(), usage, unitPriceEstimates);
    }

    OfferSnapshot offer() { return offer; }
    Jurisdiction jurisdiction() { return jurisdiction; }
    int siteOrdinal() { return siteOrdinal; }
    UsageProfile usage() { return usage; }
    boolean isIndexed() { return jurisdiction != null; }

    /** The first and last start hours that the request and the offer window both allow. */
    long firstStart(MatchRequest request) {
        return Math.max(request.earliestStartHour(), offer.windowStartHour());
    }

    long lastStart(MatchRequest request) {
        return Math.min(request.latestStartHour(), offer.windowEndHour() - request.durationHours());
    }

    int tierFor(int durationHours) { return offer.price().tierIndexFor(durationHours); }

    BigDecimal unitPrice(int tier) {
        return tier < 0 ? offer.price().unitPrice() : offer.price().tiers().get(tier).unitPrice();
    }

    double unitPriceEstimate(int tier) { return unitPriceEstimates[tier + 1]; }

    Currency currency() { return offer.price().currency(); }

    /** The lowest unit price the offer can charge for any duration: its place on a shelf. */
    double lowestUnitPriceEstimate() {
        double lowest = unitPriceEstimates[0];
        for (double estimate : unitPriceEstimates) lowest = Math.min(lowest, estimate);
        return lowest;
    }

    /** Whether both states sit at the same place in the buckets. */
    boolean isShelvedLike(OfferState other) {
        return offer.gpuModel() == other.offer.gpuModel()
                && jurisdiction == other.jurisdiction
                && currency().equals(other.currency())
                && Double.compare(lowestUnitPriceEstimate(), other.lowestUnitPriceEstimate()) == 0;
    }

    /** GPUs free in every slot of [start, end); slots outside the offer window have none. */
    int available(long start, long end) {
        if (start < offer.windowStartHour() || end > offer.windowEndHour()) return 0;
        return Math.max(0, offer.totalGpus() - usage.maxUsed(start, end));
    }
}

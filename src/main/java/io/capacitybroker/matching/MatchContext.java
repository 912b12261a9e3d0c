package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.platform.money.ExchangeRates;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * One request's view of the index: which sites it may use, how it prices, and the walk over the
 * buckets it can accept that applies every constraint that does not depend on the start hour.
 */
final class MatchContext {
    /** Receives an offer that passed every start-independent constraint. */
    interface EligibleOfferVisitor {
        void visit(OfferState offer, IndexedSite site, int preference, int tier, double unitPriceEstimate);
    }

    private final MatchRequest request;
    private final EligibleSites sites;
    private final Pricing pricing;
    /** GpuModel ordinal -> index in the request's preference list, -1 when not acceptable. */
    private final int[] preferenceByModel = new int[GpuModel.values().length];

    MatchContext(MatchRequest request, EligibleSites sites, ExchangeRates rates) {
        this.request = request;
        this.sites = sites;
        this.pricing = new Pricing(request, rates);
        Arrays.fill(preferenceByModel, -1);
        for (int i = request.gpuModels().size() - 1; i >= 0; i--) {
            preferenceByModel[request.gpuModels().get(i).ordinal()] = i;
        }
    }

    MatchRequest request() { return request; }

    Pricing pricing() { return pricing; }

    /** Visits every eligible offer. */
    void scan(Buckets buckets, EligibleOfferVisitor visitor) {
        scan(buckets, unitPrice -> false, visitor);
    }

    /**
     * Visits eligible offers shelf by shelf, cheapest first, and leaves a shelf as soon as
     * {@code pricedOut} says that no offer at or above that unit price (in the request currency)
     * can matter any more.
     */
    void scan(Buckets buckets, DoublePredicate pricedOut, EligibleOfferVisitor visitor) {
        Set<Jurisdiction> jurisdictions = request.allowedJurisdictions().isEmpty()
                ? EnumSet.allOf(Jurisdiction.class) : request.allowedJurisdictions();
        for (GpuModel model : EnumSet.copyOf(request.gpuModels())) {
            for (Jurisdiction jurisdiction : jurisdictions) {
                for (Shelf shelf : buckets.get(model, jurisdiction)) {
                    double factor = pricing.factorEstimate(shelf.currency());
                    // An offer currency the rates cannot convert denies the whole shelf.
                    if (!Double.isNaN(factor)) scanShelf(shelf, factor, pricedOut, visitor);
                }
            }
        }
    }

    private void scanShelf(Shelf shelf, double factor, DoublePredicate pricedOut, EligibleOfferVisitor visitor) {
        int hours = request.durationHours();
        for (int i = 0; i < shelf.size(); i++) {
            if (pricedOut.test(shelf.lowestUnitPrice(i) * factor)) return;
            // Read once: every check below sees the same version of the offer.
            OfferState state = shelf.slot(i).get();
            OfferSnapshot offer = state.offer();
            int preference = preferenceByModel[offer.gpuModel().ordinal()];
            if (preference < 0
                    || hours < offer.minTermHours()
                    || offer.minGpus() > request.gpuCount()
                    || state.firstStart(request) > state.lastStart(request)
                    || !state.currency().equals(shelf.currency())) {
                continue;
            }
            IndexedSite site = sites.siteOf(state);
            if (site == null) continue;
            int tier = state.tierFor(hours);
            double unitPrice = state.unitPriceEstimate(tier) * factor;
            if (pricing.withinMaxUnitPrice(state, tier, unitPrice)) visitor.visit(state, site, preference, tier, unitPrice);
        }
    }
}

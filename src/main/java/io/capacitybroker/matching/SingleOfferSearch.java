package io.capacitybroker.matching;

import java.util.List;
import java.util.function.DoublePredicate;

/** For every eligible offer, the earliest start at which it alone serves the whole request. */
final class SingleOfferSearch {
    private SingleOfferSearch() {}

    static List<Candidate> search(MatchContext context, Buckets buckets) {
        MatchRequest request = context.request();
        Pricing pricing = context.pricing();
        int gpus = request.gpuCount();
        int hours = request.durationHours();
        double minorUnit = pricing.minorUnit();
        BestCandidates best = new BestCandidates(request.maxOptions());
        DoublePredicate pricedOut = unitPrice -> best.cannotEnter(unitPrice * gpus * hours, minorUnit);
        context.scan(buckets, pricedOut, (state, site, preference, tier, unitPrice) -> {
            OfferSnapshot offer = state.offer();
            if (offer.totalGpus() < gpus || pricedOut.test(unitPrice)) return;
            long start = state.usage().earliestStart(
                    state.firstStart(request), state.lastStart(request), hours, offer.totalGpus() - gpus);
            if (start == UsageProfile.NOT_FOUND) return;
            Leg leg = pricing.leg(state, site, tier, gpus, start);
            best.offer(Candidate.of(List.of(leg), preference, site.snapshot().reliability()));
        });
        return best.ranked();
    }
}

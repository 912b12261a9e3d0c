package io.capacitybroker.matching;

import java.util.List;

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
        context.scan(buckets, (state, site, preference, tier, unitPrice) -> {
            OfferSnapshot offer = state.offer();
            if (offer.totalGpus() < gpus || best.cannotEnter(unitPrice * gpus * hours, minorUnit)) return;
            long start = state.usage().earliestStart(
                    state.firstStart(request), state.lastStart(request), hours, offer.totalGpus() - gpus);
            if (start == UsageProfile.NOT_FOUND) return;
            Leg leg = pricing.leg(state, site, tier, gpus, start);
            best.offer(Candidate.of(List.of(leg), preference, site.snapshot().reliability()));
        });
        return best.ranked();
    }
}

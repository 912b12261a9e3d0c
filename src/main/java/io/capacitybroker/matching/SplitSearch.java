package io.capacitybroker.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Serves a request from several offers that start together, when no single offer can. Greedy,
 * not optimal: at each candidate start it fills the request from the cheapest offers first.
 * Only a bounded set of start hours is tried, the ones where the answer can change.
 */
final class SplitSearch {
    static final int MAX_START_HOURS = 48;

    /** An offer that may contribute a leg, with what the scan learned about it. */
    private record Part(OfferState state, IndexedSite site, int preference, int tier, double unitPrice) {
        String offerId() { return state.offer().offerId(); }
        double reliability() { return site.snapshot().reliability(); }
    }

    private static final Comparator<Part> CHEAPEST_FIRST = Comparator.comparingDouble(Part::unitPrice)
            .thenComparing(Comparator.comparingDouble(Part::reliability).reversed())
            .thenComparing(Part::offerId);

    private SplitSearch() {}

    static List<Candidate> search(MatchContext context, Buckets buckets) {
        MatchRequest request = context.request();
        List<Part> parts = new ArrayList<>();
        context.scan(buckets, (state, site, preference, tier, unitPrice) -> {
            if (smallestLeg(state.offer(), request) <= request.gpuCount()) {
                parts.add(new Part(state, site, preference, tier, unitPrice));
            }
        });
        parts.sort(CHEAPEST_FIRST);
        BestCandidates best = new BestCandidates(request.maxOptions());
        for (long start : startHours(parts, request)) {
            Candidate combination = combine(parts, start, context);
            if (combination != null) best.offer(combination);
        }
        return best.ranked();
    }

    private static int smallestLeg(OfferSnapshot offer, MatchRequest request) {
        return Math.max(1, Math.max(request.minBlock(), offer.minGpus()));
    }

    /**
     * The earliest start, every window start and every hour after a used slot: between two such
     * hours nothing frees up, so a later hour cannot make a combination possible. Capped at the
     * earliest {@link #MAX_START_HOURS}, which also favours earlier starts.
     */
    private static TreeSet<Long> startHours(List<Part> parts, MatchRequest request) {
        long earliest = request.earliestStartHour();
        long latest = request.latestStartHour();
        TreeSet<Long> starts = new TreeSet<>();
        LongConsumer keep = hour -> {
            if (hour < earliest || hour > latest) return;
            starts.add(hour);
            if (starts.size() > MAX_START_HOURS) starts.pollLast();
        };
        keep.accept(earliest);
        for (Part part : parts) {
            keep.accept(part.state().firstStart(request));
            part.state().usage().hoursAfterUse(earliest, latest, keep);
        }
        return starts;
    }

    /** The cheapest-first combination starting at {@code start}, or null if the offers fall short. */
    private static Candidate combine(List<Part> parts, long start, MatchContext context) {
        MatchRequest request = context.request();
        int remaining = request.gpuCount();
        List<Leg> legs = new ArrayList<>();
        int preference = Integer.MAX_VALUE;
        double reliability = 1.0;
        for (Part part : parts) {
            OfferState state = part.state();
            int smallest = smallestLeg(state.offer(), request);
            if (start < state.firstStart(request) || start > state.lastStart(request) || remaining < smallest) continue;
            int take = Math.min(remaining, state.available(start, start + request.durationHours()));
            // Leave a remainder that a later leg can still legally take.
            if (remaining > take && remaining - take < request.minBlock()) take = remaining - request.minBlock();
            if (take < smallest) continue;
            legs.add(context.pricing().leg(state, part.site(), part.tier(), take, start));
            preference = Math.min(preference, part.preference());
            reliability = Math.min(reliability, part.reliability());
            remaining -= take;
            if (remaining == 0) return Candidate.of(legs, preference, reliability);
        }
        return null;
    }
}

package io.capacitybroker.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Serves a request from several offers that start together, when no single offer can. Greedy,
 * not optimal: at each candidate start it fills the request from the cheapest offers first.
 * Only a bounded set of start hours is tried, the ones where the answer can change.
 */
final class SplitSearch {
    static final int MAX_START_HOURS = 48;
    /** Start hours come from the cheapest offers whose pools together hold this many times the request. */
    private static final int START_HOUR_SOURCES_IN_REQUESTS = 2;

    private static final Comparator<Part> CHEAPEST_FIRST = Comparator.comparingDouble(Part::unitPrice)
            .thenComparing(Comparator.comparingDouble(Part::reliability).reversed())
            .thenComparing(Part::offerId);

    /** An offer that may contribute a leg, with what the scan learned about it. */
    private record Part(OfferState state, IndexedSite site, int preference, int tier, double unitPrice)
            implements Comparable<Part> {
        String offerId() { return state.offer().offerId(); }
        double reliability() { return site.snapshot().reliability(); }

        @Override
        public int compareTo(Part other) { return CHEAPEST_FIRST.compare(this, other); }
    }

    /**
     * The parts cheapest first, sorted only as far as the search asks: the greedy rule rarely
     * looks past the first few dozen of thousands, so a heap beats a full sort.
     */
    private static final class CheapestFirst {
        private final PriorityQueue<Part> unsorted;
        private final List<Part> sorted = new ArrayList<>();

        CheapestFirst(List<Part> parts) {
            unsorted = new PriorityQueue<>(parts);
        }

        /** The part at {@code rank} (0 = cheapest), or null when there are fewer parts. */
        Part get(int rank) {
            while (sorted.size() <= rank && !unsorted.isEmpty()) sorted.add(unsorted.poll());
            return rank < sorted.size() ? sorted.get(rank) : null;
        }
    }

    private SplitSearch() {}

    static List<Candidate> search(MatchContext context, Buckets buckets) {
        MatchRequest request = context.request();
        List<Part> parts = new ArrayList<>();
        context.scan(buckets, (state, site, preference, tier, unitPrice) -> {
            if (smallestLeg(state.offer(), request) <= request.gpuCount()) {
                parts.add(new Part(state, site, preference, tier, unitPrice));
            }
        });
        CheapestFirst cheapestFirst = new CheapestFirst(parts);
        // One option per combination of offers: the same offers an hour later are no new choice.
        Map<List<String>, Candidate> bestPerCombination = new HashMap<>();
        for (long start : startHours(cheapestFirst, request)) {
            Candidate combination = combine(cheapestFirst, start, context);
            if (combination != null) {
                bestPerCombination.merge(combination.offerIds(), combination,
                        (kept, later) -> Candidate.RANKING.compare(kept, later) <= 0 ? kept : later);
            }
        }
        BestCandidates best = new BestCandidates(request.maxOptions());
        bestPerCombination.values().forEach(best::offer);
        return best.ranked();
    }

    private static int smallestLeg(OfferSnapshot offer, MatchRequest request) {
        return Math.max(1, Math.max(request.minBlock(), offer.minGpus()));
    }

    /**
     * The earliest start, and the window starts and hours after a used slot of the cheapest
     * offers: between two such hours nothing frees up in them. Only the cheapest offers are
     * asked, those whose pools together hold twice the request, as the greedy rule takes from
     * them first; and only the earliest {@link #MAX_START_HOURS} hours are kept.
     */
    private static TreeSet<Long> startHours(CheapestFirst parts, MatchRequest request) {
        long earliest = request.earliestStartHour();
        long latest = request.latestStartHour();
        TreeSet<Long> starts = new TreeSet<>();
        LongConsumer keep = hour -> {
            boolean full = starts.size() == MAX_START_HOURS;
            if (hour < earliest || hour > latest || (full && hour >= starts.last())) return;
            starts.add(hour);
            if (starts.size() > MAX_START_HOURS) starts.pollLast();
        };
        keep.accept(earliest);
        long pooled = 0;
        Part part;
        for (int rank = 0; pooled < (long) START_HOUR_SOURCES_IN_REQUESTS * request.gpuCount()
                && (part = parts.get(rank)) != null; rank++) {
            keep.accept(part.state().firstStart(request));
            part.state().usage().hoursAfterUse(earliest, latest, keep);
            pooled += part.state().offer().totalGpus();
        }
        return starts;
    }

    /**
     * The cheapest-first combination starting at {@code start}, or null if the offers fall short.
     * Offers are kept, cheapest first, while their smallest legs still fit into the request, until
     * together they can give all of it; each kept offer gets its smallest leg, and what remains
     * goes to the cheapest first. Filling only the cheapest up front could strand a remainder that
     * no minimum block fits.
     */
    private static Candidate combine(CheapestFirst parts, long start, MatchContext context) {
        MatchRequest request = context.request();
        int gpus = request.gpuCount();
        List<Share> shares = new ArrayList<>();
        int smallestSum = 0;
        int capacitySum = 0;
        Part part;
        for (int rank = 0; (part = parts.get(rank)) != null; rank++) {
            OfferState state = part.state();
            if (start < state.firstStart(request) || start > state.lastStart(request)) continue;
            int smallest = smallestLeg(state.offer(), request);
            int capacity = Math.min(gpus, state.available(start, start + request.durationHours()));
            if (capacity < smallest || smallestSum + smallest > gpus) continue;
            shares.add(new Share(part, smallest, capacity));
            smallestSum += smallest;
            capacitySum += capacity;
            if (capacitySum >= gpus) return priced(shares, gpus - smallestSum, start, context);
        }
        return null;
    }

    private record Share(Part part, int smallest, int capacity) {}

    private static Candidate priced(List<Share> shares, int beyondSmallest, long start, MatchContext context) {
        List<Leg> legs = new ArrayList<>(shares.size());
        int preference = Integer.MAX_VALUE;
        double reliability = 1.0;
        int left = beyondSmallest;
        for (Share share : shares) {
            int extra = Math.min(left, share.capacity() - share.smallest());
            left -= extra;
            Part part = share.part();
            legs.add(context.pricing().leg(part.state(), part.site(), part.tier(), share.smallest() + extra, start));
            preference = Math.min(preference, part.preference());
            reliability = Math.min(reliability, part.reliability());
        }
        return Candidate.of(legs, preference, reliability);
    }
}

package io.capacitybroker.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best {@code limit} candidates seen so far, in a heap whose head is the worst of them, so
 * that a search keeps only what it may return. It also tells a search cheaply when a total is
 * too high to matter, before the search spends exact arithmetic on it.
 */
final class BestCandidates {
    private final int limit;
    private final PriorityQueue<Candidate> worstFirst = new PriorityQueue<>(Candidate.RANKING.reversed());
    private double worstTotal = Double.POSITIVE_INFINITY;

    BestCandidates(int limit) {
        this.limit = limit;
    }

    /**
     * True when a candidate whose exact, unrounded total is about {@code totalEstimate} would
     * certainly lose to all kept ones: even after rounding it would cost more than the worst.
     */
    boolean cannotEnter(double totalEstimate, double minorUnit) {
        return totalEstimate * (1 - Pricing.MARGIN) - minorUnit > worstTotal;
    }

    void offer(Candidate candidate) {
        if (worstFirst.size() < limit) {
            worstFirst.add(candidate);
        } else if (Candidate.RANKING.compare(candidate, worstFirst.peek()) < 0) {
            worstFirst.poll();
            worstFirst.add(candidate);
        } else {
            return;
        }
        if (worstFirst.size() == limit) worstTotal = worstFirst.peek().total().amount().doubleValue();
    }

    /** Best first. */
    List<Candidate> ranked() {
        List<Candidate> ranked = new ArrayList<>(worstFirst);
        ranked.sort(Candidate.RANKING);
        return ranked;
    }
}

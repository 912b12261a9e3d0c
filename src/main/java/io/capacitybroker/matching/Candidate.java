package io.capacitybroker.matching;

import io.capacitybroker.platform.money.Money;
import java.util.Comparator;
import java.util.List;

/**
 * An option before it has a rank, with the keys it is ranked by.
 *
 * @param preference  index in the request's model list of the best-preferred model among the legs
 * @param reliability the lowest reliability among the legs' sites
 * @param offerIds    the legs' offer ids, sorted: the last tie-breaker
 */
record Candidate(List<Leg> legs, Money total, long startHour, int preference, double reliability,
                 List<String> offerIds) {

    /** Total ascending, then earlier start, preferred model, more reliable site, offer ids. */
    static final Comparator<Candidate> RANKING = Comparator.comparing(Candidate::total)
            .thenComparingLong(Candidate::startHour)
            .thenComparingInt(Candidate::preference)
            .thenComparing(Comparator.comparingDouble(Candidate::reliability).reversed())
            .thenComparing(Candidate::offerIds, Candidate::compareLexicographically);

    static Candidate of(List<Leg> legs, int preference, double reliability) {
        Money total = legs.get(0).total();
        for (int i = 1; i < legs.size(); i++) total = total.plus(legs.get(i).total());
        List<String> offerIds = legs.stream().map(Leg::offerId).sorted().toList();
        return new Candidate(List.copyOf(legs), total, legs.get(0).startHour(), preference, reliability, offerIds);
    }

    boolean isSplit() { return legs.size() > 1; }

    private static int compareLexicographically(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byId = a.get(i).compareTo(b.get(i));
            if (byId != 0) return byId;
        }
        return Integer.compare(a.size(), b.size());
    }
}

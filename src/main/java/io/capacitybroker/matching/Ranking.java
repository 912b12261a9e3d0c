package io.capacitybroker.matching;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/** Turns ranked candidates into quote options, each with the reason for its place. */
final class Ranking {
    private Ranking() {}

    /** {@code ranked} must be best first, as {@link Candidate#RANKING} orders them. */
    static List<QuoteOption> toOptions(List<Candidate> ranked, MatchRequest request) {
        List<QuoteOption> options = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            Candidate candidate = ranked.get(i);
            String place = i == 0
                    ? "cheapest total " + money(candidate.total().amount(), candidate.total().currency())
                    : lostTo(ranked.get(i - 1), i, candidate) + "; total " + money(candidate.total().amount(), candidate.total().currency());
            String reason = place + "; " + startOf(candidate, request) + "; " + modelOf(candidate, request)
                    + "; " + reliabilityOf(candidate);
            options.add(new QuoteOption(i + 1, candidate.legs(), candidate.total(), candidate.startHour(), reason));
        }
        return options;
    }

    /** Names the first ranking key on which {@code candidate} lost to the option just above it. */
    private static String lostTo(Candidate above, int aboveRank, Candidate candidate) {
        BigDecimal extra = candidate.total().amount().subtract(above.total().amount());
        if (extra.signum() != 0) {
            return "costs " + money(extra, candidate.total().currency()) + " more than rank " + aboveRank;
        }
        if (candidate.startHour() != above.startHour()) {
            return "same total as rank " + aboveRank + " but starts "
                    + (candidate.startHour() - above.startHour()) + " h later";
        }
        if (candidate.preference() != above.preference()) {
            return "same total and start as rank " + aboveRank + " but less preferred model (#"
                    + (candidate.preference() + 1) + " vs #" + (above.preference() + 1) + ")";
        }
        if (candidate.reliability() != above.reliability()) {
            return "same total, start and model preference as rank " + aboveRank
                    + " but lower site reliability (" + reliability(candidate.reliability())
                    + " vs " + reliability(above.reliability()) + ")";
        }
        return "ties with rank " + aboveRank + " on total, start, model and reliability; ordered by offer id";
    }

    private static String startOf(Candidate candidate, MatchRequest request) {
        long delay = candidate.startHour() - request.earliestStartHour();
        return delay == 0 ? "starts at requested earliest start" : "starts " + delay + " h after requested earliest start";
    }

    private static String modelOf(Candidate candidate, MatchRequest request) {
        return "preferred model #" + (candidate.preference() + 1)
                + " (" + request.gpuModels().get(candidate.preference()).code() + ")";
    }

    private static String reliabilityOf(Candidate candidate) {
        if (!candidate.isSplit()) return "site reliability " + reliability(candidate.reliability());
        long sites = candidate.legs().stream().map(Leg::siteId).distinct().count();
        return "split into " + candidate.legs().size() + " legs at " + sites + " site(s); lowest site reliability "
                + reliability(candidate.reliability());
    }

    /**
     * The amount in the currency's minor units, thousands grouped: "1,234.50 USD". Written by
     * hand, not with String.format, which cost 6 % of a quote's CPU under load (docs/performance.md).
     */
    static String money(BigDecimal amount, Currency currency) {
        String plain = amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.HALF_UP).toPlainString();
        int firstDigit = plain.startsWith("-") ? 1 : 0;
        int point = plain.indexOf('.');
        int integerEnd = point < 0 ? plain.length() : point;
        StringBuilder grouped = new StringBuilder(plain.length() + 8).append(plain, 0, firstDigit);
        for (int i = firstDigit; i < integerEnd; i++) {
            if (i > firstDigit && (integerEnd - i) % 3 == 0) grouped.append(',');
            grouped.append(plain.charAt(i));
        }
        return grouped.append(plain, integerEnd, plain.length()).append(' ').append(currency.getCurrencyCode()).toString();
    }

    /** Two or three decimals, as needed: 0.90, 0.99, 0.973. */
    private static String reliability(double value) {
        BigDecimal shortest = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return shortest.setScale(Math.max(2, shortest.scale())).toPlainString();
    }
}

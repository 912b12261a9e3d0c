package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.platform.money.Money;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** The priced lines of a period and the usage that bills nothing. */
public record RatingResult(BillingPeriod period, List<RatedLine> lines, List<UnratedUsage> unrated) {
    public RatingResult {
        lines = List.copyOf(lines);
        unrated = List.copyOf(unrated);
    }

    /** Per currency, the exact sum of the rounded lines: what an invoice of all of them totals. */
    public Map<Currency, Money> totals() {
        return totals(line -> true);
    }

    public Map<Currency, Money> totals(Predicate<RatedLine> which) {
        Map<Currency, Money> totals = new TreeMap<>(Comparator.comparing(Currency::getCurrencyCode));
        lines.stream().filter(which).forEach(line -> totals.merge(line.currency(), line.amount(), Money::plus));
        return totals;
    }
}

package io.capacitybroker.platform.time;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A billing period: one UTC calendar month, written {@code YYYY-MM}, from its first instant (inclusive) to the next month's. */
public record BillingPeriod(YearMonth month) implements Comparable<BillingPeriod> {
    /** The written form, as a regular expression (also the OpenAPI {@code pattern} of every period parameter). */
    public static final String PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])$";
    private static final Pattern FORMAT = Pattern.compile(PATTERN);

    public BillingPeriod {
        Objects.requireNonNull(month, "month");
    }

    public static BillingPeriod of(int year, int month) {
        return new BillingPeriod(YearMonth.of(year, month));
    }

    /** The period written {@code YYYY-MM}, or empty for anything else (no {@code 2030-3}, no {@code 2030-13}). */
    public static Optional<BillingPeriod> parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) return Optional.empty();
        try {
            return Optional.of(new BillingPeriod(YearMonth.parse(text)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static BillingPeriod containing(Instant instant) {
        return new BillingPeriod(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    public Instant start() {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    @Override
    public int compareTo(BillingPeriod other) {
        return month.compareTo(other.month);
    }

    @Override
    public String toString() {
        return month.toString();
    }
}

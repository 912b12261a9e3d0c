package io.capacitybroker.platform.error;

import io.capacitybroker.platform.time.BillingPeriod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Parses query parameters that are not plain strings or numbers. JAX-RS answers a parameter it
 * cannot convert with 404, which would tell the client the resource is missing; a 400 naming the
 * parameter is what it needs.
 */
public final class QueryParams {
    private QueryParams() {}

    public static Instant instant(String name, String value) {
        if (value == null) return null;
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "not an ISO 8601 UTC instant such as 2027-01-31T08:00:00Z");
        }
    }

    /** An optional billing period, {@code YYYY-MM}; null when absent. */
    public static BillingPeriod period(String name, String value) {
        if (value == null) return null;
        return BillingPeriod.parse(value).orElseThrow(() -> ProblemException.invalid(name, "a UTC calendar month written YYYY-MM"));
    }

    /** A required billing period, {@code YYYY-MM}: absent is as wrong as malformed. */
    public static BillingPeriod requiredPeriod(String name, String value) {
        if (value == null) throw ProblemException.invalid(name, "a UTC calendar month written YYYY-MM is required");
        return period(name, value);
    }

    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null) return null;
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw ProblemException.invalid(name, "unknown value '" + value + "'; one of " + allowed);
        }
    }
}

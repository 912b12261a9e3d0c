package io.capacitybroker.platform.idempotency;

import io.capacitybroker.platform.error.ProblemException;

/**
 * The client's {@code Idempotency-Key} header of a create operation: required, so that a retry can
 * never have an effect twice (DESIGN.md invariant 2). The same key with the same request answers the
 * first result; with another request it is {@code 422 idempotency-key-reused}.
 */
public final class IdempotencyKeyHeader {
    public static final String NAME = "Idempotency-Key";
    public static final int MAX_LENGTH = 128;

    private IdempotencyKeyHeader() {}

    /** The key, or a 400 naming the header when it is missing, blank or too long. */
    public static String required(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
            throw ProblemException.invalid(NAME, "a header of 1 to " + MAX_LENGTH + " characters is required");
        }
        return value;
    }
}

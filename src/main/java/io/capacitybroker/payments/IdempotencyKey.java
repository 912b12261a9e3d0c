package io.capacitybroker.payments;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key Stripe uses to recognise a retried request. It is always derived from the business
 * document the call is about (an invoice id, a statement id, a tenant id), never random, so that a
 * crash and a rerun send the same key and Stripe answers with the first result instead of acting
 * twice. Stripe keeps keys for 24 hours: after that the broker's own stored Stripe ids are what
 * prevent a second call (see ADR 0008).
 */
public record IdempotencyKey(String value) {
    /** Stripe accepts up to 255 characters; we keep to printable ASCII without spaces. */
    private static final Pattern ALLOWED = Pattern.compile("[\\x21-\\x7E]{1,255}");

    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException("idempotency key must be 1-255 printable ASCII characters: '" + value + "'");
        }
    }

    /**
     * {@code cb:<operation>:<id>[:<id>...]}, e.g. {@code of("invoice-item", "inv-2026-05-acme-usd", "line-7")}.
     * The operation keeps two calls about the same document (create, finalize) apart.
     */
    public static IdempotencyKey of(String operation, String... businessIds) {
        if (businessIds.length == 0) {
            throw new IllegalArgumentException("an idempotency key needs the business id it is derived from");
        }
        StringBuilder key = new StringBuilder("cb:").append(requireText(operation));
        for (String id : businessIds) {
            key.append(':').append(requireText(id));
        }
        return new IdempotencyKey(key.toString());
    }

    private static String requireText(String part) {
        if (part == null || part.isBlank()) {
            throw new IllegalArgumentException("idempotency key parts must not be blank");
        }
        return part;
    }

    @Override
    public String toString() {
        return value;
    }
}

package io.capacitybroker.billing.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * When a reservation was cancelled, whether the sites had confirmed it by then, and the share of
 * the released slots' value charged as a fee (0 when the cancellation was free).
 */
public record Cancellation(Instant at, boolean wasConfirmed, BigDecimal feeShare) {
    public Cancellation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(feeShare, "feeShare");
        if (feeShare.signum() < 0 || feeShare.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("fee share must lie between 0 and 1: " + feeShare);
        }
    }
}

package io.capacitybroker.billing.rating;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A stored usage record: GPU-hours a site measured on an offer, for a reservation or none. */
public record MeteredUsage(String partnerId, String recordId, String reservationId, UUID offerId,
                           BigDecimal gpuHours, Instant periodStart, Instant periodEnd) {
    public MeteredUsage {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(gpuHours, "gpuHours");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (gpuHours.signum() <= 0) throw new IllegalArgumentException("gpuHours must be positive");
    }
}

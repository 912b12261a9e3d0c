package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.time.Slots;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A reservation as rating needs it; {@code cancellation} is set exactly when the status is CANCELLED. */
public record RatedReservation(String reservationId, String tenantId, BillingStatus status, Instant startAt,
                               Instant endAt, Cancellation cancellation, List<RatedAllocation> allocations) {
    public RatedReservation {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(status, "status");
        allocations = List.copyOf(allocations);
        if (!Slots.isHourAligned(startAt) || !Slots.isHourAligned(endAt) || !endAt.isAfter(startAt)) {
            throw new IllegalArgumentException("a reservation spans whole UTC hours, end after start");
        }
        if ((status == BillingStatus.CANCELLED) != (cancellation != null)) {
            throw new IllegalArgumentException("a cancellation is given exactly for a CANCELLED reservation");
        }
    }

    /** The end of the hours that bill as RESERVED: all booked hours, or those begun before a cancellation. */
    Instant billedUntil() {
        return switch (status) {
            case BOOKED -> endAt;
            case NOT_BILLABLE -> startAt;
            case CANCELLED -> {
                if (!cancellation.wasConfirmed()) yield startAt;
                Instant firstReleased = Slots.startOf(Slots.nextHour(cancellation.at()));
                yield firstReleased.isAfter(endAt) ? endAt : firstReleased.isBefore(startAt) ? startAt : firstReleased;
            }
        };
    }
}

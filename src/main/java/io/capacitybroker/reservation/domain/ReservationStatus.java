package io.capacitybroker.reservation.domain;

public enum ReservationStatus {
    PENDING_PARTNER, CONFIRMED, ACTIVE, COMPLETED, CANCELLED, REJECTED, EXPIRED
}

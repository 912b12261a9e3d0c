package io.capacitybroker.reservation.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A tenant's booking of one quote option: GPUs over one time window, on one or more offers. */
@Entity
@Table(name = "reservation")
public class Reservation {
    @Id
    public String id;
    public String tenantId;
    public String quoteId;
    public int optionRank;
    @Enumerated(EnumType.STRING)
    public ReservationStatus status;
    public int gpuCount;
    public Instant startAt;
    public Instant endAt;
    public String currency;
    public BigDecimal totalAmount;
    public BigDecimal cancellationFee;
    /** Until when the sites that must confirm may do so; null when none must. */
    public Instant partnerDeadline;
    public String idempotencyKey;
    /** Fingerprint of the booking request, to tell a retry from a reuse of the key. */
    public String requestHash;
    public Instant createdAt;
    public Instant updatedAt;
}

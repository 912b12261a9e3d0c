package io.capacitybroker.reservation.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One recorded change of a reservation's status: who, when and why. Never updated. */
@Entity
@Table(name = "reservation_transition")
public class Transition {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String reservationId;
    @Enumerated(EnumType.STRING)
    public ReservationStatus fromStatus;
    @Enumerated(EnumType.STRING)
    public ReservationStatus toStatus;
    public String actor;
    public Instant at;
    public String reason;
}

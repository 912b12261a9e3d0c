package io.capacitybroker.reservation.service;

import io.capacitybroker.reservation.domain.Lifecycle;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.domain.Transition;
import io.capacitybroker.reservation.store.TransitionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** The one way a reservation changes status: checked against the lifecycle, and recorded. */
@ApplicationScoped
public class ReservationHistory {
    @Inject TransitionRepository transitions;

    /** Records the first status, which the new reservation already carries. */
    public Uni<Transition> begin(Reservation reservation, String actor, Instant at, String reason) {
        return record(reservation, null, reservation.status, actor, at, reason);
    }

    public Uni<Reservation> move(Reservation reservation, ReservationStatus to, String actor, Instant at, String reason) {
        ReservationStatus from = reservation.status;
        Lifecycle.require(from, to);
        reservation.status = to;
        reservation.updatedAt = at;
        return record(reservation, from, to, actor, at, reason).replaceWith(reservation);
    }

    private Uni<Transition> record(Reservation reservation, ReservationStatus from, ReservationStatus to, String actor,
                                   Instant at, String reason) {
        Transition transition = new Transition();
        transition.reservationId = reservation.id;
        transition.fromStatus = from;
        transition.toStatus = to;
        transition.actor = actor;
        transition.at = at;
        transition.reason = reason;
        return transitions.persist(transition);
    }
}

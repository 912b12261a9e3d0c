package io.capacitybroker.reservation.service;

import io.capacitybroker.platform.events.Outbox;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.domain.Lifecycle;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.domain.Transition;
import io.capacitybroker.reservation.store.ReservationRows;
import io.capacitybroker.reservation.store.TransitionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * The one way a reservation changes status: checked against the lifecycle, recorded, and announced
 * on {@value #TOPIC} through the outbox, in the caller's transaction (docs/events.md). Callers set
 * every field the event should show (a cancellation fee, site decisions) before the move.
 */
@ApplicationScoped
public class ReservationHistory {
    public static final String TOPIC = "broker.reservations";
    static final String TYPE_PREFIX = "io.capacitybroker.reservation.";

    @Inject TransitionRepository transitions;
    @Inject ReservationViews views;
    @Inject Outbox outbox;

    /** The first transition of a new reservation, which already carries its first status. */
    public Transition first(Reservation reservation, String actor, Instant at, String reason) {
        return transition(reservation, null, reservation.status, actor, at, reason);
    }

    /**
     * Stores the first transition and the event that announces the reservation as {@code view},
     * which the caller built from what it holds, so nothing is read back. On the SQL client: a
     * booking sends its transaction as one pipeline (ADR 0014), and both rows go into it.
     */
    public Uni<Void> begin(SqlConnection connection, Reservation reservation, Transition first, ReservationView view) {
        return Uni.join().all(
                        ReservationRows.insert(connection, first),
                        outbox.append(connection, TOPIC, reservation.id, eventType(null, reservation.status), reservation.id,
                                view, first.at).replaceWithVoid())
                .andFailFast()
                .replaceWithVoid();
    }

    public Uni<Reservation> move(Reservation reservation, ReservationStatus to, String actor, Instant at, String reason) {
        ReservationStatus from = reservation.status;
        Lifecycle.require(from, to);
        reservation.status = to;
        reservation.updatedAt = at;
        return transitions.persist(transition(reservation, from, to, actor, at, reason))
                .chain(() -> views.forTenant(reservation))
                .call(view -> announce(reservation, from, view, at))
                .replaceWith(reservation);
    }

    /** The CloudEvent type of a transition: {@code created} for the first status, else what happened. */
    static String eventType(ReservationStatus from, ReservationStatus to) {
        String what = from == null ? "created" : switch (to) {
            case PENDING_PARTNER -> "pending";
            case CONFIRMED -> "confirmed";
            case ACTIVE -> "activated";
            case COMPLETED -> "completed";
            case CANCELLED -> "cancelled";
            case REJECTED -> "rejected";
            case EXPIRED -> "expired";
        };
        return TYPE_PREFIX + what + ".v1";
    }

    private Uni<Void> announce(Reservation reservation, ReservationStatus from, ReservationView view, Instant at) {
        return Panache.getSession().chain(session -> outbox.append(session, TOPIC, reservation.id,
                eventType(from, reservation.status), reservation.id, view, at)).replaceWithVoid();
    }

    private static Transition transition(Reservation reservation, ReservationStatus from, ReservationStatus to,
                                         String actor, Instant at, String reason) {
        Transition transition = new Transition();
        transition.reservationId = reservation.id;
        transition.fromStatus = from;
        transition.toStatus = to;
        transition.actor = actor;
        transition.at = at;
        transition.reason = reason;
        return transition;
    }
}

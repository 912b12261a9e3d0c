package io.capacitybroker.reservation.service;

import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.store.ReservationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.capacitybroker.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves reservations along as time passes: pending holds expire at their deadline, confirmed
 * reservations become active at their start and complete at their end. Quotes need no pass: they
 * are not stored, and their booking tokens carry their own expiry (ADR 0016).
 * Every replica runs it: each batch leases its rows with FOR UPDATE SKIP LOCKED, so two replicas
 * never move the same reservation, and neither waits for the other.
 */
@ApplicationScoped
public class ReservationJob {
    private static final Logger LOG = Logger.getLogger(ReservationJob.class);
    static final int BATCH = 100;

    @Inject ReservationRepository reservations;
    @Inject ReservationService service;
    @Inject Clock clock;
    @Inject Vertx vertx;

    @Scheduled(every = "${broker.reservation-job.every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return SafeContext.run(vertx, this::runOnce).invoke(moved -> {
            if (moved > 0) LOG.debugf("reservation job moved %d reservations", moved);
        }).replaceWithVoid();
    }

    /** One pass at the clock's current time; returns how many reservations moved. */
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return step("status = 'PENDING_PARTNER' and partner_deadline <= :now", ReservationStatus.EXPIRED, now,
                "no decision from the site before the deadline")
                .chain(expired -> step("status = 'CONFIRMED' and start_at <= :now", ReservationStatus.ACTIVE, now, "start reached")
                        .map(active -> expired + active))
                .chain(sum -> step("status = 'ACTIVE' and end_at <= :now", ReservationStatus.COMPLETED, now, "end reached")
                        .map(done -> sum + done));
    }

    /** Moves every due reservation, batch after batch, each batch in its own transaction. */
    private Uni<Integer> step(String due, ReservationStatus to, Instant now, String reason) {
        return Panache.withTransaction(() -> lease(due, now).chain(batch -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Reservation r : batch) {
                        chain = chain.call(() -> service.advance(r, to, now, reason)).map(n -> n + 1);
                    }
                    return chain;
                }))
                .chain(moved -> moved == BATCH ? step(due, to, now, reason).map(more -> moved + more) : Uni.createFrom().item(moved));
    }

    private Uni<List<Reservation>> lease(String due, Instant now) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select * from reservation where " + due
                        + " order by id limit " + BATCH + " for update skip locked", Reservation.class)
                .setParameter("now", now)
                .getResultList());
    }
}

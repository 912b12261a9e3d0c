package io.capacitybroker.reservation.service;

import io.capacitybroker.ledger.CapacityLedger;
import io.capacitybroker.ledger.Commitment;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.ChangeNotifier;
import io.capacitybroker.platform.db.DailyGpuHours;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.reservation.api.ReservationPage;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.domain.Allocation;
import io.capacitybroker.reservation.domain.Lifecycle;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.store.AllocationRepository;
import io.capacitybroker.reservation.store.ReservationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reading, cancelling and deciding reservations, and moving them along as time passes. */
@ApplicationScoped
public class ReservationService {
    @Inject ReservationRepository reservations;
    @Inject AllocationRepository allocations;
    @Inject ReservationHistory history;
    @Inject ReservationViews views;
    @Inject CapacityLedger ledger;
    @Inject ChangeNotifier notifier;
    @Inject CancellationPolicy cancellationPolicy;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @WithSession
    public Uni<ReservationView> tenantReservation(String tenantId, String id) {
        return ownedByTenant(tenantId, id, false).chain(views::forTenant);
    }

    @WithSession
    public Uni<ReservationPage> tenantReservations(String tenantId, ReservationStatus status, int page, int size) {
        String query = status == null ? "tenantId = ?1" : "tenantId = ?1 and status = ?2";
        Object[] params = status == null ? new Object[] {tenantId} : new Object[] {tenantId, status};
        var found = reservations.find(query, Sort.descending("createdAt").and("id"), params).page(Page.of(page, size));
        return found.list().chain(views::forTenant)
                .chain(items -> found.count().map(total -> new ReservationPage(items, page, size, total)));
    }

    @WithSession
    public Uni<ReservationPage> partnerReservations(String partnerId, ReservationStatus status, int page, int size) {
        String atPartner = "id in (select a.reservationId from Allocation a where a.partnerId = ?1)";
        String query = status == null ? atPartner : atPartner + " and status = ?2";
        Object[] params = status == null ? new Object[] {partnerId} : new Object[] {partnerId, status};
        var found = reservations.find(query, Sort.descending("createdAt").and("id"), params).page(Page.of(page, size));
        return found.list().chain(list -> views.forPartner(list, partnerId))
                .chain(items -> found.count().map(total -> new ReservationPage(items, page, size, total)));
    }

    /** Whether a reservation in this status (as the views name it) may still be cancelled by its tenant. */
    public static boolean isCancellable(String status) {
        return Lifecycle.allows(ReservationStatus.valueOf(status), ReservationStatus.CANCELLED);
    }

    /**
     * GPU-hours per UTC day that the tenant's reservations take, from {@code from} for
     * {@code days} days: pending, confirmed, running and completed ones (not those that ended
     * without capacity: cancelled, rejected, expired).
     */
    @WithSession
    public Uni<SortedMap<LocalDate, BigDecimal>> bookedGpuHoursPerDay(String tenantId, LocalDate from, int days) {
        return Panache.getSession().chain(session -> DailyGpuHours.sum(session, """
                        select '' as series, start_at, end_at, gpu_count as gpus from reservation
                        where tenant_id = :tenant and status in ('PENDING_PARTNER', 'CONFIRMED', 'ACTIVE', 'COMPLETED')""",
                        Map.of("tenant", tenantId), from, days))
                .map(bySeries -> bySeries.getOrDefault("", new TreeMap<>()));
    }

    /**
     * Cancels a reservation: the slots that have not begun go back on sale, the fee follows
     * {@link CancellationPolicy}. Cancelling twice is not an error: the second call changes nothing.
     */
    @WithTransaction
    public Uni<ReservationView> cancel(String tenantId, String id, String actor, String reason) {
        Instant now = clock.instant();
        return ownedByTenant(tenantId, id, true).chain(reservation -> {
            if (reservation.status == ReservationStatus.CANCELLED) return views.forTenant(reservation);
            ReservationStatus before = reservation.status;
            // Before the move, so that the cancelled event shows the fee.
            reservation.cancellationFee = cancellationPolicy.fee(reservation, before, now);
            return history.move(reservation, ReservationStatus.CANCELLED, actor, now, reason == null ? "cancelled by tenant" : reason)
                    .call(r -> releaseAll(r, commitmentOf(before), now))
                    .chain(views::forTenant);
        });
    }

    /** A site's answer for its own allocations of a pending reservation. */
    @WithTransaction
    public Uni<ReservationView> decide(String partnerId, String id, boolean accept, String actor, String reason) {
        Instant now = clock.instant();
        String decision = accept ? Allocation.ACCEPTED : Allocation.REJECTED;
        return reservations.find("id = ?1 and id in (select a.reservationId from Allocation a where a.partnerId = ?2)", id, partnerId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("reservation " + id))
                .chain(reservation -> allocations.list("reservationId = ?1", reservation.id).chain(all -> {
                    List<Allocation> mine = all.stream().filter(a -> a.partnerId.equals(partnerId) && a.requiresConfirmation).toList();
                    if (mine.stream().allMatch(a -> decision.equals(a.decision)) && !mine.isEmpty()) {
                        return views.forPartner(reservation, partnerId); // the same answer again: nothing to do
                    }
                    if (reservation.status != ReservationStatus.PENDING_PARTNER || mine.isEmpty()) {
                        throw new ProblemException(ProblemType.ILLEGAL_TRANSITION,
                                "reservation " + id + " is " + reservation.status + " and awaits no decision from " + partnerId);
                    }
                    if (!now.isBefore(reservation.partnerDeadline)) {
                        throw new ProblemException(ProblemType.ILLEGAL_TRANSITION,
                                "the decision deadline of reservation " + id + " passed at " + reservation.partnerDeadline);
                    }
                    mine.forEach(a -> a.decision = decision);
                    String why = reason == null ? (accept ? "accepted by site" : "rejected by site") : reason;
                    Uni<Reservation> next;
                    if (!accept) {
                        next = history.move(reservation, ReservationStatus.REJECTED, actor, now, why)
                                .call(r -> releaseAll(r, Commitment.HOLD, now));
                    } else if (all.stream().filter(a -> a.requiresConfirmation).allMatch(a -> Allocation.ACCEPTED.equals(a.decision))) {
                        next = history.move(reservation, ReservationStatus.CONFIRMED, actor, now, why)
                                .call(r -> confirmAll(r, all));
                    } else {
                        next = Uni.createFrom().item(reservation); // other sites have yet to answer
                    }
                    return next.chain(r -> views.forPartner(r, partnerId));
                }));
    }

    /** Moves due reservations along; runs inside the job's transaction on rows it has locked. */
    public Uni<Reservation> advance(Reservation reservation, ReservationStatus to, Instant now, String reason) {
        ReservationStatus before = reservation.status;
        Uni<Reservation> moved = history.move(reservation, to, SYSTEM, now, reason);
        if (to == ReservationStatus.EXPIRED) return moved.call(r -> releaseAll(r, commitmentOf(before), now));
        return moved;
    }

    public static final String SYSTEM = "system:reservation-job";

    private Uni<Void> confirmAll(Reservation reservation, List<Allocation> all) {
        return Panache.getSession().chain(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Allocation a : all) {
                chain = chain.chain(() -> ledger.confirm(session, a.offerId, reservation.startAt, reservation.endAt, a.gpuCount))
                        .chain(() -> notifier.offerChanged(session, a.offerId));
            }
            return chain;
        });
    }

    /** Gives back every slot of the reservation that has not begun yet. */
    private Uni<Void> releaseAll(Reservation reservation, Commitment commitment, Instant now) {
        Instant from = later(reservation.startAt, Slots.startOf(Slots.nextHour(now)));
        return allocations.list("reservationId = ?1 order by offerId", reservation.id)
                .chain(all -> Panache.getSession().chain(session -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Allocation a : all) {
                        chain = chain.chain(() -> ledger.release(session, a.offerId, from, reservation.endAt, a.gpuCount, commitment))
                                .chain(() -> notifier.offerChanged(session, a.offerId));
                    }
                    return chain;
                }));
    }

    private static Commitment commitmentOf(ReservationStatus status) {
        return status == ReservationStatus.PENDING_PARTNER ? Commitment.HOLD : Commitment.BOOK;
    }

    private Uni<Reservation> ownedByTenant(String tenantId, String id, boolean lock) {
        var query = reservations.find("id = ?1 and tenantId = ?2", id, tenantId);
        if (lock) query = query.withLock(LockModeType.PESSIMISTIC_WRITE);
        return query.firstResult().onItem().ifNull().failWith(() -> ProblemException.notFound("reservation " + id));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

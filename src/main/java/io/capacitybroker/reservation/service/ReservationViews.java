package io.capacitybroker.reservation.service;

import io.capacitybroker.reservation.api.AllocationView;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.api.TransitionView;
import io.capacitybroker.reservation.domain.Allocation;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.Transition;
import io.capacitybroker.reservation.store.AllocationRepository;
import io.capacitybroker.reservation.store.TransitionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.capacitybroker.platform.money.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.function.Function;
import java.util.List;
import java.util.function.Predicate;

/** Builds the wire form of reservations; a partner's form leaves out other partners' allocations. */
@ApplicationScoped
public class ReservationViews {
    @Inject AllocationRepository allocations;
    @Inject TransitionRepository transitions;

    public Uni<ReservationView> forTenant(Reservation reservation) {
        return view(reservation, allocation -> true);
    }

    public Uni<ReservationView> forPartner(Reservation reservation, String partnerId) {
        return view(reservation, allocation -> allocation.partnerId.equals(partnerId));
    }

    public Uni<List<ReservationView>> forTenant(List<Reservation> reservations) {
        return all(reservations, this::forTenant);
    }

    public Uni<List<ReservationView>> forPartner(List<Reservation> reservations, String partnerId) {
        return all(reservations, r -> forPartner(r, partnerId));
    }

    private static Uni<List<ReservationView>> all(List<Reservation> reservations,
                                                  Function<Reservation, Uni<ReservationView>> view) {
        // One after the other: a reactive session must not run two queries at once.
        Uni<List<ReservationView>> chain = Uni.createFrom().item(new ArrayList<>());
        for (Reservation r : reservations) {
            chain = chain.chain(list -> view.apply(r).map(v -> {
                list.add(v);
                return list;
            }));
        }
        return chain;
    }

    private Uni<ReservationView> view(Reservation r, Predicate<Allocation> visible) {
        return allocations.list("reservationId = ?1 order by id", r.id).chain(allocs ->
                transitions.list("reservationId = ?1 order by id", r.id)
                        .map(history -> of(r, allocs.stream().filter(visible).toList(), history)));
    }

    /** The view of a reservation whose allocations and history the caller already holds. */
    public static ReservationView of(Reservation r, List<Allocation> allocations, List<Transition> history) {
        return new ReservationView(r.id, r.quoteId, r.optionRank, r.status.name(), r.gpuCount, r.startAt, r.endAt,
                r.currency, money(r.totalAmount, r.currency),
                r.cancellationFee == null ? null : money(r.cancellationFee, r.currency), r.partnerDeadline, r.createdAt,
                allocations.stream().sorted(Comparator.comparing((Allocation a) -> a.id))
                        .map(a -> toView(a, r.currency)).toList(),
                history.stream().map(ReservationViews::toView).toList());
    }

    private static AllocationView toView(Allocation a, String currency) {
        return new AllocationView(a.offerId.toString(), a.partnerId, a.siteCode, a.gpuModel, a.gpuCount,
                Decimals.normalized(a.unitPrice), a.offerCurrency, money(a.offerCurrencyAmount, a.offerCurrency),
                money(a.amount, currency), a.requiresConfirmation, a.decision);
    }

    private static TransitionView toView(Transition t) {
        return new TransitionView(t.fromStatus == null ? null : t.fromStatus.name(), t.toStatus.name(), t.actor, t.at, t.reason);
    }

    /** Stored at scale 4; shown at the currency's minor unit, which is how it was computed. */
    private static BigDecimal money(BigDecimal stored, String currency) {
        return stored.setScale(Currency.getInstance(currency).getDefaultFractionDigits());
    }
}

package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.platform.time.Slots;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rating rule of docs/billing.md: reservations and usage of one period in, priced lines out.
 * Plain Java without I/O, so every case can be tested directly; the same input always gives the
 * same lines in the same order (reservation id, then allocation id, then kind).
 */
public final class Rating {
    private Rating() {}

    public static RatingResult rate(BillingPeriod period, List<RatedReservation> reservations, List<MeteredUsage> usage) {
        Map<String, RatedReservation> byId = new HashMap<>();
        reservations.forEach(r -> byId.put(r.reservationId(), r));
        List<MeteredUsage> inPeriod = usage.stream().filter(u -> period.contains(u.periodStart())).toList();

        Map<UsageKey, BigDecimal> usedGpuHours = new HashMap<>();
        List<UnratedUsage> unrated = new ArrayList<>();
        for (MeteredUsage u : inPeriod) {
            UnratedUsage.Reason reason = whyUnrated(u, byId);
            if (reason != null) {
                unrated.add(new UnratedUsage(u, reason));
            } else {
                usedGpuHours.merge(new UsageKey(u.reservationId(), u.offerId()), u.gpuHours(), BigDecimal::add);
            }
        }

        List<RatedLine> lines = new ArrayList<>();
        reservations.stream().sorted(Comparator.comparing(RatedReservation::reservationId))
                .forEach(r -> rateReservation(period, r, usedGpuHours, lines));
        unrated.sort(Comparator.comparing((UnratedUsage x) -> x.usage().partnerId()).thenComparing(x -> x.usage().recordId()));
        return new RatingResult(period, lines, unrated);
    }

    private static void rateReservation(BillingPeriod period, RatedReservation r, Map<UsageKey, BigDecimal> used,
                                        List<RatedLine> lines) {
        Instant billedUntil = r.billedUntil();
        long reservedHours = overlapHours(r.startAt(), billedUntil, period.start(), period.end());
        Set<UUID> offersSeen = new HashSet<>();
        List<RatedAllocation> allocations = r.allocations().stream()
                .sorted(Comparator.comparing(RatedAllocation::allocationId)).toList();
        for (RatedAllocation a : allocations) {
            BigDecimal reserved = BigDecimal.valueOf(a.gpuCount() * reservedHours);
            if (reservedHours > 0) {
                lines.add(RatedLine.priced(period, r, a, LineKind.RESERVED, reserved, a.unitPrice()));
            }
            cancellationFee(period, r, a, billedUntil).ifPresent(lines::add);
            // Two legs on the same offer share the usage reported for it; overage goes on the first.
            if (offersSeen.add(a.offerId())) {
                BigDecimal reservedOnOffer = BigDecimal.valueOf(reservedHours * allocations.stream()
                        .filter(other -> other.offerId().equals(a.offerId())).mapToLong(RatedAllocation::gpuCount).sum());
                BigDecimal usage = used.getOrDefault(new UsageKey(r.reservationId(), a.offerId()), BigDecimal.ZERO);
                BigDecimal overage = usage.subtract(reservedOnOffer);
                if (overage.signum() > 0) {
                    lines.add(RatedLine.priced(period, r, a, LineKind.OVERAGE, overage, a.unitPrice()));
                }
            }
        }
    }

    /** A late cancellation charges the fee share of the released slots' value, in the month it happened. */
    private static Optional<RatedLine> cancellationFee(BillingPeriod period, RatedReservation r,
                                                                 RatedAllocation a, Instant billedUntil) {
        Cancellation c = r.cancellation();
        if (c == null || !c.wasConfirmed() || c.feeShare().signum() == 0 || !period.contains(c.at())) {
            return Optional.empty();
        }
        long releasedHours = Slots.hourOf(r.endAt()) - Slots.hourOf(billedUntil);
        if (releasedHours <= 0) return Optional.empty();
        BigDecimal quantity = BigDecimal.valueOf(a.gpuCount() * releasedHours);
        return Optional.of(RatedLine.priced(period, r, a, LineKind.CANCELLATION_FEE, quantity,
                a.unitPrice().multiply(c.feeShare())));
    }

    private static UnratedUsage.Reason whyUnrated(MeteredUsage u, Map<String, RatedReservation> reservations) {
        if (u.reservationId() == null) return UnratedUsage.Reason.NO_RESERVATION;
        RatedReservation r = reservations.get(u.reservationId());
        if (r == null) return UnratedUsage.Reason.UNKNOWN_RESERVATION;
        boolean bills = r.status() == BillingStatus.BOOKED
                || (r.status() == BillingStatus.CANCELLED && r.cancellation().wasConfirmed());
        if (!bills) return UnratedUsage.Reason.RESERVATION_NOT_BILLABLE;
        if (r.allocations().stream().noneMatch(a -> a.offerId().equals(u.offerId()))) {
            return UnratedUsage.Reason.OFFER_NOT_IN_RESERVATION;
        }
        return null;
    }

    /** Whole hours of [from, until) inside [periodStart, periodEnd); all four are whole UTC hours. */
    static long overlapHours(Instant from, Instant until, Instant periodStart, Instant periodEnd) {
        long start = Math.max(Slots.hourOf(from), Slots.hourOf(periodStart));
        long end = Math.min(Slots.hourOf(until), Slots.hourOf(periodEnd));
        return Math.max(0, end - start);
    }

    private record UsageKey(String reservationId, UUID offerId) {}
}

package io.capacitybroker.billing.run;

import io.capacitybroker.billing.rating.BillingStatus;
import io.capacitybroker.billing.rating.Cancellation;
import io.capacitybroker.billing.rating.MeteredUsage;
import io.capacitybroker.billing.rating.RatedAllocation;
import io.capacitybroker.billing.rating.RatedReservation;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What rating needs of a period, read from the reservation and usage tables (plain reads of
 * committed rows, as metering does): reservations whose hours touch the period or that were
 * cancelled (a fee falls in the month of the cancellation), with their allocations, and the usage
 * records that start in the period.
 */
@ApplicationScoped
public class RatingInput {
    /** The late-cancellation fee share of docs/billing.md section 2, charged when the policy charged a fee. */
    static final BigDecimal FEE_SHARE = new BigDecimal("0.25");

    public Uni<List<RatedReservation>> reservations(Mutiny.Session session, BillingPeriod period) {
        return session.createNativeQuery("""
                        select r.id, r.tenant_id, r.status, r.start_at, r.end_at, r.cancellation_fee, t.at, t.from_status,
                               a.id, a.partner_id, a.offer_id, a.gpu_count, a.unit_price, a.offer_currency
                        from reservation r
                        join reservation_allocation a on a.reservation_id = r.id
                        left join lateral (select at, from_status from reservation_transition
                                           where reservation_id = r.id and to_status = 'CANCELLED' order by id desc limit 1) t on true
                        where r.end_at > :start and (r.start_at < :end or r.status = 'CANCELLED')
                        order by r.id, a.id""", Object[].class)
                .setParameter("start", period.start()).setParameter("end", period.end())
                .getResultList()
                .map(RatingInput::toReservations);
    }

    private static List<RatedReservation> toReservations(List<Object[]> rows) {
        Map<String, List<RatedAllocation>> allocations = new HashMap<>();
        Map<String, Object[]> first = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String id = r[0].toString();
            first.putIfAbsent(id, r);
            allocations.computeIfAbsent(id, k -> new ArrayList<>()).add(new RatedAllocation(r[8].toString(), r[9].toString(),
                    Rows.uuid(r[10]), Rows.integer(r[11]), Rows.decimal(r[12]).stripTrailingZeros(),
                    Currency.getInstance(r[13].toString().trim())));
        }
        List<RatedReservation> reservations = new ArrayList<>();
        first.forEach((id, r) -> {
            String status = r[2].toString();
            BillingStatus billing = switch (status) {
                case "CONFIRMED", "ACTIVE", "COMPLETED" -> BillingStatus.BOOKED;
                case "CANCELLED" -> BillingStatus.CANCELLED;
                default -> BillingStatus.NOT_BILLABLE;
            };
            Cancellation cancellation = null;
            if (billing == BillingStatus.CANCELLED) {
                boolean feeCharged = r[5] != null && Rows.decimal(r[5]).signum() > 0;
                boolean wasConfirmed = r[7] != null && !"PENDING_PARTNER".equals(r[7].toString());
                cancellation = new Cancellation(Rows.instant(r[6]), wasConfirmed, feeCharged ? FEE_SHARE : BigDecimal.ZERO);
            }
            reservations.add(new RatedReservation(id, r[1].toString(), billing, Rows.instant(r[3]), Rows.instant(r[4]),
                    cancellation, allocations.get(id)));
        });
        return reservations;
    }

    public Uni<List<MeteredUsage>> usage(Mutiny.Session session, BillingPeriod period) {
        return session.createNativeQuery("""
                        select partner_id, record_id, reservation_id, offer_id, gpu_hours, period_start, period_end
                        from usage_record where period_start >= :start and period_start < :end
                        order by partner_id, record_id""", Object[].class)
                .setParameter("start", period.start()).setParameter("end", period.end())
                .getResultList()
                .map(rows -> rows.stream().map(r -> new MeteredUsage(r[0].toString(), r[1].toString(),
                        r[2] == null ? null : r[2].toString(), Rows.uuid(r[3]), Rows.decimal(r[4]), Rows.instant(r[5]),
                        Rows.instant(r[6]))).toList());
    }
}

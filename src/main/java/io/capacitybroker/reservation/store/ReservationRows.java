package io.capacitybroker.reservation.store;

import static io.capacitybroker.platform.db.SqlTuples.utc;

import io.capacitybroker.platform.db.SqlTuples;
import io.capacitybroker.reservation.domain.Allocation;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.Transition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;

/**
 * Inserts a new reservation's rows on the SQL client, for the booking's pipelined transaction
 * (ADR 0014). The columns are those the entities map; everything else reads them through Hibernate.
 * Each method returns a lazy {@link Uni}: nothing is sent before it is subscribed, and Unis
 * subscribed together on one connection go out as one pipeline, in subscription order.
 */
public final class ReservationRows {
    private static final String INSERT_RESERVATION = """
            insert into reservation (id, tenant_id, quote_id, option_rank, status, gpu_count, start_at, end_at, currency,
                                     total_amount, cancellation_fee, partner_deadline, idempotency_key, request_hash,
                                     created_at, updated_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""";
    private static final String INSERT_ALLOCATION = """
            insert into reservation_allocation (id, reservation_id, offer_id, site_id, site_code, partner_id, gpu_model,
                                                gpu_count, unit_price, offer_currency, offer_currency_amount, amount,
                                                requires_confirmation, decision)
            select $1, $2, o.id, o.site_id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 from offer o where o.id = $3""";
    private static final String INSERT_TRANSITION = """
            insert into reservation_transition (reservation_id, from_status, to_status, actor, at, reason)
            values ($1, $2, $3, $4, $5, $6)""";

    private ReservationRows() {}

    public static Uni<Void> insert(SqlConnection connection, Reservation r) {
        return connection.preparedQuery(INSERT_RESERVATION).execute(SqlTuples.of(r.id, r.tenantId, r.quoteId, r.optionRank,
                        r.status.name(), r.gpuCount, utc(r.startAt), utc(r.endAt), r.currency, r.totalAmount, r.cancellationFee,
                        utc(r.partnerDeadline), r.idempotencyKey, r.requestHash, utc(r.createdAt), utc(r.updatedAt)))
                .replaceWithVoid();
    }

    /**
     * The site of each allocation is taken from its offer in the same statement, so that the
     * statement can be sent before the booking has read the offer; {@code siteId} is not read.
     */
    public static Uni<Void> insert(SqlConnection connection, List<Allocation> allocations) {
        List<Tuple> rows = allocations.stream().map(a -> SqlTuples.of(a.id, a.reservationId, a.offerId, a.siteCode,
                a.partnerId, a.gpuModel, a.gpuCount, a.unitPrice, a.offerCurrency, a.offerCurrencyAmount, a.amount,
                a.requiresConfirmation, a.decision)).toList();
        return connection.preparedQuery(INSERT_ALLOCATION).executeBatch(rows).replaceWithVoid();
    }

    public static Uni<Void> insert(SqlConnection connection, Transition t) {
        return connection.preparedQuery(INSERT_TRANSITION).execute(SqlTuples.of(t.reservationId,
                        t.fromStatus == null ? null : t.fromStatus.name(), t.toStatus.name(), t.actor, utc(t.at), t.reason))
                .replaceWithVoid();
    }
}

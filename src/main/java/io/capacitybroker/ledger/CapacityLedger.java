package io.capacitybroker.ledger;

import io.capacitybroker.platform.db.DailyGpuHours;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.db.SqlTuples;
import io.capacitybroker.platform.time.Slots;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The capacity ledger: per offer and hourly UTC slot, how many GPUs exist, are held and are
 * booked. Every method runs inside the caller's transaction, so a booking and its ledger change
 * commit or roll back together.
 *
 * <p>Overbooking is prevented by a conditional upsert that only takes GPUs where the slot has
 * room, checked row by row under the row's lock; the table's CHECK constraint is the last line of
 * defence, not the mechanism. Lock order is offer row first, then its slots in time order; a
 * deadlock PostgreSQL still detects is retried by the booking.
 */
@ApplicationScoped
public class CapacityLedger {
    /** The take statement per column: held GPUs for bookings a site must confirm, booked ones otherwise. */
    private static final Map<Commitment, String> TAKE = new EnumMap<>(Commitment.class);

    static {
        for (Commitment commitment : Commitment.values()) {
            TAKE.put(commitment, """
                    insert into ledger_slot (offer_id, slot_start, capacity, %1$s)
                    select o.id, g, o.total_gpus, $2
                      from offer o,
                           generate_series($3::timestamptz, $4::timestamptz - interval '1 hour', interval '1 hour') g
                     where o.id = $1 and o.total_gpus >= $2
                     order by g
                        on conflict (offer_id, slot_start) do update set %1$s = ledger_slot.%1$s + excluded.%1$s
                     where ledger_slot.capacity - ledger_slot.held - ledger_slot.booked >= excluded.%1$s
                    returning slot_start"""
                    .formatted(commitment.column()));
        }
    }

    /**
     * Takes {@code gpus} on every slot of [start, end) or nothing: an empty result means success,
     * otherwise the smallest number of GPUs free over the window without this take (the caller
     * rolls back).
     *
     * <p>One statement: slots without a row yet are created at the offer's capacity with the GPUs
     * taken (unless the offer has fewer GPUs than asked for); existing slots take them only where
     * they have room. PostgreSQL locks each existing row and checks the room on its latest version,
     * after waiting for a concurrent booking of it, so two bookings can never both take the last
     * GPUs; a slot without room is left as it was and not counted. Slots are visited in time order,
     * so bookings of the same offer lock them in the same order. On the SQL client, for the
     * booking's pipelined transaction (ADR 0014).
     */
    public Uni<OptionalInt> take(SqlConnection connection, UUID offerId, Instant start, Instant end, int gpus,
                                 Commitment commitment) {
        long slots = Duration.between(start, end).toHours();
        return connection.preparedQuery(TAKE.get(commitment))
                .execute(Tuple.of(offerId, gpus, SqlTuples.utc(start), SqlTuples.utc(end)))
                .chain(taken -> {
                    if (taken.rowCount() == slots) return Uni.createFrom().item(OptionalInt.empty());
                    List<OffsetDateTime> took = new ArrayList<>();
                    taken.forEach(row -> took.add(row.getOffsetDateTime(0)));
                    return freeWithout(connection, offerId, start, end, gpus, took).map(OptionalInt::of);
                });
    }

    /** Turns held GPUs into booked ones when a site confirms. */
    public Uni<Void> confirm(Mutiny.Session session, UUID offerId, Instant start, Instant end, int gpus) {
        return adjust(session, offerId, start, end, "held = held - :gpus, booked = booked + :gpus", gpus);
    }

    /** Gives back GPUs on the slots of [from, end); slots before {@code from} keep their history. */
    public Uni<Void> release(Mutiny.Session session, UUID offerId, Instant from, Instant end, int gpus,
                             Commitment commitment) {
        if (!from.isBefore(end)) return Uni.createFrom().voidItem();
        return adjust(session, offerId, from, end, commitment.column() + " = " + commitment.column() + " - :gpus", gpus);
    }

    /**
     * Sets a new capacity on the slots from {@code from} on. Refused (the conflicts are returned and
     * nothing is changed) where held and booked GPUs would no longer fit, including slots that fall
     * outside the offer's new window.
     */
    public Uni<List<SlotConflict>> resize(Mutiny.Session session, UUID offerId, int capacity,
                                          Instant windowStart, Instant windowEnd, Instant from) {
        return session.createNativeQuery("""
                        select slot_start, capacity, held, booked from ledger_slot
                        where offer_id = :offer and slot_start >= :from and held + booked > 0
                          and (held + booked > :capacity or slot_start < :windowStart or slot_start >= :windowEnd)
                        order by slot_start
                        for update""", Object[].class)
                .setParameter("offer", offerId)
                .setParameter("from", from)
                .setParameter("capacity", capacity)
                .setParameter("windowStart", windowStart)
                .setParameter("windowEnd", windowEnd)
                .getResultList()
                .chain(rows -> {
                    List<SlotConflict> conflicts = rows.stream()
                            .map(r -> new SlotConflict(Rows.instant(r[0]), Rows.integer(r[1]), Rows.integer(r[2]), Rows.integer(r[3])))
                            .toList();
                    if (!conflicts.isEmpty()) return Uni.createFrom().item(conflicts);
                    return session.createNativeQuery("update ledger_slot set capacity = :capacity where offer_id = :offer and slot_start >= :from")
                            .setParameter("capacity", capacity)
                            .setParameter("offer", offerId)
                            .setParameter("from", from)
                            .executeUpdate()
                            .replaceWith(List.<SlotConflict>of());
                });
    }

    /** Held plus booked GPUs per slot hour from {@code from} on, per offer; unused slots are absent. */
    public Uni<Map<UUID, Map<Long, Integer>>> usageOf(Mutiny.Session session, Collection<UUID> offerIds, Instant from) {
        return usageWhere(session, "offer_id in (:offers) and ", from, offerIds);
    }

    /** The same for every offer at once: what a replica loads when it starts. */
    public Uni<Map<UUID, Map<Long, Integer>>> usageOfAll(Mutiny.Session session, Instant from) {
        return usageWhere(session, "", from, null);
    }

    private Uni<Map<UUID, Map<Long, Integer>>> usageWhere(Mutiny.Session session, String offerClause, Instant from,
                                                         Collection<UUID> offerIds) {
        var query = session.createNativeQuery("select offer_id, slot_start, held + booked from ledger_slot where "
                        + offerClause + "slot_start >= :from and held + booked > 0", Object[].class)
                .setParameter("from", from);
        if (offerIds != null) query.setParameter("offers", offerIds);
        return query.getResultList().map(rows -> {
            Map<UUID, Map<Long, Integer>> used = new HashMap<>();
            for (Object[] r : rows) {
                used.computeIfAbsent(Rows.uuid(r[0]), id -> new TreeMap<>())
                        .put(Slots.hourOf(Rows.instant(r[1])), Rows.integer(r[2]));
            }
            return used;
        });
    }

    /**
     * Held plus booked GPU-hours per UTC day of [{@code from}, {@code from + days}), per offer
     * (keyed by the offer id's text): what a partner has committed, day by day.
     */
    public Uni<Map<String, SortedMap<LocalDate, BigDecimal>>> committedPerDay(Mutiny.Session session, Collection<UUID> offerIds,
                                                                             LocalDate from, int days) {
        if (offerIds.isEmpty()) return Uni.createFrom().item(Map.of());
        return DailyGpuHours.sum(session, """
                select cast(offer_id as text) as series, slot_start as start_at, slot_start + interval '1 hour' as end_at,
                       held + booked as gpus
                from ledger_slot where offer_id in (:offers) and held + booked > 0""", Map.of("offers", offerIds), from, days);
    }

    /**
     * The fewest free GPUs over [start, end) as the ledger stands without this booking: the GPUs
     * its refused take put on some slots are counted as free, since the take is rolled back.
     * A slot without a row has the offer's capacity.
     */
    private static Uni<Integer> freeWithout(SqlConnection connection, UUID offerId, Instant start, Instant end, int gpus,
                                            List<OffsetDateTime> took) {
        return connection.preparedQuery("""
                        select min(coalesce(l.capacity - l.held - l.booked + case when g = any ($4) then $5 else 0 end,
                                            o.total_gpus))
                          from offer o
                         cross join generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') g
                          left join ledger_slot l on l.offer_id = o.id and l.slot_start = g
                         where o.id = $1""")
                .execute(Tuple.of(offerId, SqlTuples.utc(start), SqlTuples.utc(end), took.toArray(OffsetDateTime[]::new), gpus))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private Uni<Void> adjust(Mutiny.Session session, UUID offerId, Instant start, Instant end, String assignment, int gpus) {
        return session.createNativeQuery("update ledger_slot set " + assignment
                        + " where offer_id = :offer and slot_start >= :start and slot_start < :end")
                .setParameter("gpus", gpus)
                .setParameter("offer", offerId)
                .setParameter("start", start)
                .setParameter("end", end)
                .executeUpdate()
                .replaceWithVoid();
    }
}

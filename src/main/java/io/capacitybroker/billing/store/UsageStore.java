package io.capacitybroker.billing.store;

import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.id.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The usage_record table, and the two questions metering asks of the reservation and catalogue
 * tables. Those are plain reads of committed rows by id; billing reads the tables rather than
 * reaching into the other capabilities' entities, as reconciliation will.
 */
@ApplicationScoped
public class UsageStore {
    public record NewRecord(String partnerId, String recordId, String reservationId, UUID offerId, int gpuCount,
                            BigDecimal gpuHours, Instant periodStart, Instant periodEnd, String reconciliation,
                            String contentHash, Instant receivedAt) {}

    public record Stored(String contentHash, String reconciliation) {}

    public record AllocationKey(String reservationId, UUID offerId) {}

    /** Of these reservations, the (reservation, offer) pairs allocated at the partner's sites. */
    public Uni<Set<AllocationKey>> allocationsAt(Mutiny.Session session, String partnerId, List<String> reservationIds) {
        if (reservationIds.isEmpty()) return Uni.createFrom().item(Set.of());
        return session.createNativeQuery("""
                        select reservation_id, offer_id from reservation_allocation
                        where partner_id = :partner and reservation_id in (:ids)""", Object[].class)
                .setParameter("partner", partnerId)
                .setParameter("ids", reservationIds)
                .getResultList()
                .map(rows -> {
                    Set<AllocationKey> keys = new HashSet<>();
                    rows.forEach(row -> keys.add(new AllocationKey(row[0].toString(), Rows.uuid(row[1]))));
                    return keys;
                });
    }

    /** Of these offers, those at the partner's own sites. */
    public Uni<Set<UUID>> offersAt(Mutiny.Session session, String partnerId, List<UUID> offerIds) {
        if (offerIds.isEmpty()) return Uni.createFrom().item(Set.of());
        return session.createNativeQuery("""
                        select o.id from offer o join site s on s.id = o.site_id
                        where s.partner_id = :partner and o.id in (:ids)""", Object.class)
                .setParameter("partner", partnerId)
                .setParameter("ids", offerIds)
                .getResultList()
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(Rows.uuid(row)));
                    return ids;
                });
    }

    /**
     * Inserts the record unless one with its id is stored: true when inserted. A concurrent insert
     * of the same id waits on the unique index for the other transaction, then does nothing.
     */
    public Uni<Boolean> insertIfAbsent(Mutiny.Session session, NewRecord r) {
        return session.createNativeQuery("""
                        insert into usage_record (id, partner_id, record_id, reservation_id, offer_id, gpu_count, gpu_hours,
                                                  period_start, period_end, reconciliation, content_hash, received_at)
                        values (:id, :partner, :record, :reservation, :offer, :gpus, :hours, :start, :end, :flag, :hash, :now)
                        on conflict (partner_id, record_id) do nothing""")
                .setParameter("id", Ids.newId("usg"))
                .setParameter("partner", r.partnerId())
                .setParameter("record", r.recordId())
                .setParameter("reservation", r.reservationId())
                .setParameter("offer", r.offerId())
                .setParameter("gpus", r.gpuCount())
                .setParameter("hours", r.gpuHours())
                .setParameter("start", r.periodStart())
                .setParameter("end", r.periodEnd())
                .setParameter("flag", r.reconciliation())
                .setParameter("hash", r.contentHash())
                .setParameter("now", r.receivedAt())
                .executeUpdate()
                .map(count -> count == 1);
    }

    public Uni<Optional<Stored>> find(Mutiny.Session session, String partnerId, String recordId) {
        return session.createNativeQuery(
                        "select content_hash, reconciliation from usage_record where partner_id = :partner and record_id = :record",
                        Object[].class)
                .setParameter("partner", partnerId)
                .setParameter("record", recordId)
                .getResultList()
                .map(rows -> rows.stream().findFirst()
                        .map(row -> new Stored(row[0].toString(), row[1] == null ? null : row[1].toString())));
    }
}

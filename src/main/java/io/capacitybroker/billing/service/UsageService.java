package io.capacitybroker.billing.service;

import io.capacitybroker.billing.api.UsageReceipt;
import io.capacitybroker.billing.api.UsageReceipt.Outcome;
import io.capacitybroker.billing.api.UsageReceipt.Result;
import io.capacitybroker.billing.api.UsageRecord;
import io.capacitybroker.billing.store.UsageStore;
import io.capacitybroker.billing.store.UsageStore.AllocationKey;
import io.capacitybroker.platform.db.DailyGpuHours;
import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Metering (docs/billing.md, section 1): the one entry point for usage records, whichever path
 * they arrive by (REST now, the partner.usage topic later). A batch is stored whole or not at all;
 * a record id seen before is a duplicate when its content is the same and a conflict otherwise.
 */
@ApplicationScoped
public class UsageService {
    public static final String NO_RESERVATION = "NO_RESERVATION";

    @Inject UsageStore store;
    @Inject Validator validator;
    @Inject Clock clock;

    @WithTransaction
    public Uni<UsageReceipt> record(String partnerId, List<UsageRecord> records) {
        Instant now = clock.instant();
        UsageValidation.check(validator, records, now);
        return Panache.getSession().chain(session -> requireOwnership(session, partnerId, records)
                .chain(() -> store(session, partnerId, records, now)));
    }

    /**
     * GPU-hours per UTC day that sites metered for the tenant's reservations, from {@code from} for
     * {@code days} days; a record spanning midnight is spread evenly over its hours.
     */
    @WithSession
    public Uni<SortedMap<LocalDate, BigDecimal>> usedGpuHoursPerDay(String tenantId, LocalDate from, int days) {
        return Panache.getSession().chain(session -> DailyGpuHours.sum(session, """
                        select '' as series, u.period_start as start_at, u.period_end as end_at,
                               u.gpu_hours / (extract(epoch from u.period_end - u.period_start) / 3600) as gpus
                        from usage_record u join reservation r on r.id = u.reservation_id
                        where r.tenant_id = :tenant""", Map.of("tenant", tenantId), from, days))
                .map(bySeries -> bySeries.getOrDefault("", new TreeMap<>()));
    }

    /** A reservation or offer that is not this partner's is as unknown as one that does not exist. */
    private Uni<Void> requireOwnership(Mutiny.Session session, String partnerId, List<UsageRecord> records) {
        List<String> reservationIds = records.stream().map(UsageRecord::reservationId).filter(Objects::nonNull).distinct().toList();
        List<UUID> offerIds = records.stream().map(UsageRecord::offerId).distinct().toList();
        return store.allocationsAt(session, partnerId, reservationIds)
                .chain(allocations -> store.offersAt(session, partnerId, offerIds).invoke(offers -> {
                    List<FieldError> missing = new ArrayList<>();
                    for (int i = 0; i < records.size(); i++) {
                        UsageRecord r = records.get(i);
                        String at = "records[" + i + "]";
                        if (!offers.contains(r.offerId())) {
                            missing.add(new FieldError(at + ".offerId", "no offer " + r.offerId() + " at this partner's sites"));
                        } else if (r.reservationId() != null && !allocated(allocations, r)) {
                            boolean known = allocations.stream().anyMatch(k -> k.reservationId().equals(r.reservationId()));
                            missing.add(known
                                    ? new FieldError(at + ".offerId", "reservation " + r.reservationId() + " has no GPUs on offer " + r.offerId())
                                    : new FieldError(at + ".reservationId", "no reservation " + r.reservationId() + " at this partner's sites"));
                        }
                    }
                    if (!missing.isEmpty()) {
                        throw new ProblemException(ProblemType.NOT_FOUND, summary(missing, "not found; nothing was stored"),
                                missing, Map.of());
                    }
                }))
                .replaceWithVoid();
    }

    private static boolean allocated(Set<AllocationKey> allocations, UsageRecord r) {
        return allocations.contains(new AllocationKey(r.reservationId(), r.offerId()));
    }

    /**
     * Inserts in record-id order, so that two batches sharing records lock their index entries in
     * the same order and cannot deadlock each other; outcomes are reported in request order.
     */
    private Uni<UsageReceipt> store(Mutiny.Session session, String partnerId, List<UsageRecord> records, Instant now) {
        Outcome[] outcomes = new Outcome[records.size()];
        List<FieldError> conflicts = new ArrayList<>();
        List<Integer> order = IntStream.range(0, records.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> records.get(i).recordId()).thenComparing(i -> i)).toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int index : order) {
            UsageRecord r = records.get(index);
            String hash = UsageFingerprint.of(r);
            String flag = r.reservationId() == null ? NO_RESERVATION : null;
            UsageStore.NewRecord row = new UsageStore.NewRecord(partnerId, r.recordId(), r.reservationId(), r.offerId(),
                    r.gpuCount(), r.gpuHours(), r.periodStart(), r.periodEnd(), flag, hash, now);
            chain = chain.chain(() -> store.insertIfAbsent(session, row)).chain(inserted -> {
                if (inserted) {
                    outcomes[index] = new Outcome(r.recordId(), Result.CREATED, flag);
                    return Uni.createFrom().voidItem();
                }
                return store.find(session, partnerId, r.recordId()).invoke(stored -> {
                    var existing = stored.orElseThrow(() -> new IllegalStateException("usage record vanished: " + r.recordId()));
                    if (existing.contentHash().equals(hash)) {
                        outcomes[index] = new Outcome(r.recordId(), Result.DUPLICATE, existing.reconciliation());
                    } else {
                        conflicts.add(new FieldError("records[" + index + "].recordId",
                                "record " + r.recordId() + " was stored before with other content; a correction needs a new record id"));
                    }
                }).replaceWithVoid();
            });
        }
        return chain.map(nothing -> {
            if (!conflicts.isEmpty()) {
                conflicts.sort(Comparator.comparing(FieldError::field, Comparator.comparingInt(UsageService::indexOf)));
                throw new ProblemException(ProblemType.USAGE_RECORD_CONFLICT,
                        summary(conflicts, "stored before with other content; nothing was stored"), conflicts, Map.of());
            }
            List<Outcome> all = List.of(outcomes);
            int created = (int) all.stream().filter(o -> o.outcome() == Result.CREATED).count();
            return new UsageReceipt(created, all.size() - created, all);
        });
    }

    private static int indexOf(String field) {
        return Integer.parseInt(field.substring(field.indexOf('[') + 1, field.indexOf(']')));
    }

    private static String summary(List<FieldError> errors, String what) {
        return errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message() : errors.size() + " records " + what;
    }
}

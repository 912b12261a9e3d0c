package io.capacitybroker.billing.run;

import io.capacitybroker.billing.run.BillingRunView.Status;
import io.capacitybroker.billing.run.BillingRunView.Step;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** The billing_run table: one row per period, and the lease that makes a run single-writer. */
@ApplicationScoped
public class BillingRunStore {
    public record Run(String id, BillingPeriod period, Status status, Step step, int attempts, String leaseOwner,
                      String lastError, String startedBy, Instant startedAt, Instant updatedAt, Instant completedAt) {}

    private static final String COLUMNS = """
            select id, period, status, step, attempts, lease_owner, last_error, started_by, started_at, updated_at, completed_at
            from billing_run""";

    /** Creates the period's run unless it exists (a racing creator waits on the unique period, then does nothing). */
    public Uni<Void> ensure(Mutiny.Session session, BillingPeriod period, String actor, Instant now) {
        return session.createNativeQuery("""
                        insert into billing_run (id, period, status, step, attempts, started_by, started_at, updated_at)
                        values (:id, :period, 'RUNNING', 'CLOSE', 0, :actor, :now, :now) on conflict (period) do nothing""")
                .setParameter("id", Ids.newId("brn")).setParameter("period", period.toString())
                .setParameter("actor", actor).setParameter("now", now)
                .executeUpdate().replaceWithVoid();
    }

    /**
     * Takes the run's lease for {@code owner} unless the run is completed or someone else holds an
     * unexpired lease; true when taken. One conditional update: two takers serialise on the row.
     */
    public Uni<Boolean> lease(Mutiny.Session session, BillingPeriod period, String owner, Instant until, Instant now) {
        return session.createNativeQuery("""
                        update billing_run set lease_owner = :owner, leased_until = :until, status = 'RUNNING',
                                               attempts = attempts + 1, last_error = null, updated_at = :now
                        where period = :period and status <> 'COMPLETED' and (leased_until is null or leased_until < :now)""")
                .setParameter("owner", owner).setParameter("until", until).setParameter("now", now)
                .setParameter("period", period.toString())
                .executeUpdate().map(n -> n == 1);
    }

    /** Renews the lease and records the step; 0 when the lease was lost (expired and taken over). */
    public Uni<Integer> renew(Mutiny.Session session, String id, String owner, Step step, Instant until, Instant now) {
        return session.createNativeQuery("""
                        update billing_run set step = :step, leased_until = :until, updated_at = :now
                        where id = :id and lease_owner = :owner""")
                .setParameter("step", step.name()).setParameter("until", until).setParameter("now", now)
                .setParameter("id", id).setParameter("owner", owner)
                .executeUpdate();
    }

    /** Ends the writer's turn: COMPLETED, or FAILED with the reason; the lease is released. */
    public Uni<Integer> finish(Mutiny.Session session, String id, String owner, Status status, Step step, String error,
                               Instant now) {
        return session.createNativeQuery("""
                        update billing_run set status = :status, step = :step, last_error = :error, lease_owner = null,
                                               leased_until = null, updated_at = :now,
                                               completed_at = case when :status = 'COMPLETED' then cast(:now as timestamptz) end
                        where id = :id and lease_owner = :owner""")
                .setParameter("status", status.name()).setParameter("step", step.name()).setParameter("error", error)
                .setParameter("now", now).setParameter("id", id).setParameter("owner", owner)
                .executeUpdate();
    }

    public Uni<Optional<Run>> byPeriod(Mutiny.Session session, BillingPeriod period) {
        return one(session, COLUMNS + " where period = :value", period.toString());
    }

    public Uni<Optional<Run>> byId(Mutiny.Session session, String id) {
        return one(session, COLUMNS + " where id = :value", id);
    }

    /** The latest {@code limit} runs, newest period first. */
    public Uni<List<Run>> recent(Mutiny.Session session, int limit) {
        return session.createNativeQuery(COLUMNS + " order by period desc limit :limit", Object[].class)
                .setParameter("limit", limit).getResultList()
                .map(rows -> rows.stream().map(BillingRunStore::toRun).toList());
    }

    private Uni<Optional<Run>> one(Mutiny.Session session, String sql, String value) {
        return session.createNativeQuery(sql, Object[].class).setParameter("value", value).getResultList()
                .map(rows -> rows.stream().findFirst().map(BillingRunStore::toRun));
    }

    private static Run toRun(Object[] r) {
        return new Run(r[0].toString(), BillingPeriod.parse(r[1].toString()).orElseThrow(), Status.valueOf(r[2].toString()),
                Step.valueOf(r[3].toString()), Rows.integer(r[4]), text(r[5]), text(r[6]), r[7].toString(),
                Rows.instant(r[8]), Rows.instant(r[9]), Rows.instant(r[10]));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

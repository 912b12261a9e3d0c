package io.capacitybroker.platform.events;

import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.SqlTuples;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes events sent longer ago than {@code broker.outbox.retention} (ADR 0007). Unsent events are
 * never deleted, however old. Every replica runs it; each batch leases its rows with FOR UPDATE
 * SKIP LOCKED, so replicas share the work without waiting for each other.
 */
@ApplicationScoped
public class OutboxRetention {
    private static final Logger LOG = Logger.getLogger(OutboxRetention.class);
    static final int BATCH = 1_000;

    private static final String PRUNE_BATCH = """
            delete from outbox_event where id in (
                select id from outbox_event
                 where sent_at is not null and sent_at <= $1
                 order by sent_at
                 limit $2
                   for update skip locked)""";

    @Inject Pool pool;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @Scheduled(every = "${broker.outbox.retention-job.every:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return prune(clock.instant().minus(config.outbox().retention()))
                .invoke(deleted -> {
                    if (deleted > 0) LOG.debugf("deleted %d sent outbox events past their retention", deleted);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf(failure, "deleting sent outbox events failed; the next run retries");
                    return 0L;
                })
                .replaceWithVoid();
    }

    /** Every event sent at or before {@code sentBefore}, batch after batch; returns how many were deleted. */
    public Uni<Long> prune(Instant sentBefore) {
        return pool.withTransaction(connection -> connection.preparedQuery(PRUNE_BATCH)
                        .execute(Tuple.of(SqlTuples.utc(sentBefore), BATCH)))
                .chain(rows -> {
                    long deleted = rows.rowCount();
                    return deleted == BATCH ? prune(sentBefore).map(more -> deleted + more) : Uni.createFrom().item(deleted);
                });
    }
}

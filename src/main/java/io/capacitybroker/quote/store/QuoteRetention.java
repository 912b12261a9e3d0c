package io.capacitybroker.quote.store;

import io.capacitybroker.platform.db.SqlTuples;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Deletes expired quotes that no reservation booked once their retention is over, and marks the
 * booked ones {@code BOOKED} so that they are kept and never read again (ADR 0015). Each batch
 * leases its quotes with FOR UPDATE SKIP LOCKED, so the replicas running the job share the work.
 */
@ApplicationScoped
public class QuoteRetention {
    static final int BATCH = 500;

    private static final String PRUNE_BATCH = """
            with due as (
                select q.id, exists (select 1 from reservation r where r.quote_id = q.id) as booked
                  from quote q
                 where q.status = 'EXPIRED' and q.expires_at <= $1
                 order by q.expires_at
                 limit $2
                   for update skip locked),
            kept as (update quote set status = 'BOOKED' where id in (select id from due where booked) returning id),
            gone as (delete from quote where id in (select id from due where not booked) returning id)
            select (select count(*) from gone) as deleted, (select count(*) from kept) as kept""";

    @Inject Pool pool;

    /** Every quote that expired at or before {@code expiredBefore}, batch after batch; returns how many were deleted. */
    public Uni<Long> prune(Instant expiredBefore) {
        return pool.withTransaction(connection -> connection.preparedQuery(PRUNE_BATCH)
                        .execute(Tuple.of(SqlTuples.utc(expiredBefore), BATCH)))
                .chain(rows -> {
                    Row counts = rows.iterator().next();
                    long deleted = counts.getLong("deleted");
                    boolean full = deleted + counts.getLong("kept") == BATCH;
                    return full ? prune(expiredBefore).map(more -> deleted + more) : Uni.createFrom().item(deleted);
                });
    }
}

package io.capacitybroker.quote.store;

import io.capacitybroker.platform.db.SqlTuples;
import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.quote.domain.Quote;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores new quotes with group commit: the quotes answered while the batches in flight are being
 * written go into the next batch, which is sent as one pipeline of the same INSERT and committed
 * once. A quote's caller is answered only after its row has committed, as with one transaction per
 * quote, but under load a commit is shared by every quote in the batch instead of paid by each
 * (ADR 0012, ADR 0014).
 *
 * <p>This goes to the reactive pool directly, not through Hibernate: a quote touches nothing
 * else, and a session, a transaction and a flush per quote were a third of a quote's cost.
 */
@ApplicationScoped
public class QuoteWriter {
    /** Quotes per batch; a batch this size is about 1.6 MB of options JSON. */
    static final int MAX_BATCH = 200;
    /**
     * Batches written at the same time. With one, the event loops idled while each batch was at
     * PostgreSQL (a fifth of the CPU in the load run); with two, one batch fills while the other is written.
     */
    static final int MAX_IN_FLIGHT = 2;

    private static final String INSERT = """
            insert into quote (id, tenant_id, request, options, currency, rates_date, status, created_at, expires_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    private static final String NO_WAIT_FOR_FLUSH = "set local synchronous_commit = off";

    @Inject Pool pool;
    @Inject BrokerMetrics metrics;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    private record Pending(Quote quote, UniEmitter<? super Void> caller, Context context) {}

    /** Completes once the quote is committed; fails, and stores nothing of it, if its batch fails. */
    public Uni<Void> write(Quote quote) {
        return Uni.createFrom().emitter(caller -> {
            queue.add(new Pending(quote, caller, Vertx.currentContext()));
            writeNextBatch();
        });
    }

    /** Starts a batch unless {@link #MAX_IN_FLIGHT} are being written; each one's completion starts the next. */
    private void writeNextBatch() {
        for (int writing = inFlight.get(); ; writing = inFlight.get()) {
            if (writing >= MAX_IN_FLIGHT) return;
            if (inFlight.compareAndSet(writing, writing + 1)) break;
        }
        List<Pending> batch = new ArrayList<>();
        for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            inFlight.decrementAndGet();
            // A quote queued between the poll and the decrement found no free slot: pick it up.
            if (!queue.isEmpty()) writeNextBatch();
            return;
        }
        metrics.quoteBatchWritten(batch.size());
        // Deferred, so that even a row that cannot be encoded fails its batch instead of leaving the writer stuck.
        Uni.createFrom().deferred(() -> insert(batch.stream().map(Pending::quote).toList())).subscribe().with(
                ignored -> finish(batch, null),
                failure -> finish(batch, failure));
    }

    /**
     * One transaction per batch, the INSERT once per row sent as one pipeline: the rows commit
     * together or not at all. The commit does not wait for its WAL flush (ADR 0014): a quote lost
     * in a database crash is asked for again, and a booking's own commit flushes the quote it books.
     */
    Uni<Void> insert(List<Quote> quotes) {
        List<Tuple> rows = quotes.stream().map(QuoteWriter::row).toList();
        return pool.withTransaction(connection -> connection.query(NO_WAIT_FOR_FLUSH).execute()
                        .chain(() -> connection.preparedQuery(INSERT).executeBatch(rows)))
                .replaceWithVoid();
    }

    private void finish(List<Pending> batch, Throwable failure) {
        inFlight.decrementAndGet();
        writeNextBatch();
        for (Pending pending : batch) {
            Runnable answer = failure == null ? () -> pending.caller().complete(null) : () -> pending.caller().fail(failure);
            // Each caller resumes on its own request's context, not on the connection's event loop.
            if (pending.context() != null) pending.context().runOnContext(ignored -> answer.run());
            else answer.run();
        }
    }

    private static Tuple row(Quote quote) {
        return Tuple.from(List.of(quote.id, quote.tenantId, quote.request, quote.options, quote.currency, quote.ratesDate,
                quote.status, SqlTuples.utc(quote.createdAt), SqlTuples.utc(quote.expiresAt)));
    }
}

package io.capacitybroker.quote.store;

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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stores new quotes with group commit: the quotes answered while one batch is being written go
 * into the next batch, which is sent as one pipeline of the same INSERT and committed once. A
 * quote's caller is answered only after its row has committed, as with one transaction per quote,
 * but under load a commit (and its WAL flush) is shared by every quote in the batch instead of
 * paid by each (ADR 0012).
 *
 * <p>This goes to the reactive pool directly, not through Hibernate: a quote touches nothing
 * else, and a session, a transaction and a flush per quote were a third of a quote's cost.
 */
@ApplicationScoped
public class QuoteWriter {
    /** Quotes per batch; a batch this size is about 1.6 MB of options JSON. */
    static final int MAX_BATCH = 200;

    private static final String INSERT = """
            insert into quote (id, tenant_id, request, options, currency, rates_date, status, created_at, expires_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

    @Inject Pool pool;
    @Inject BrokerMetrics metrics;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    private record Pending(Quote quote, UniEmitter<? super Void> caller, Context context) {}

    /** Completes once the quote is committed; fails, and stores nothing of it, if its batch fails. */
    public Uni<Void> write(Quote quote) {
        return Uni.createFrom().emitter(caller -> {
            queue.add(new Pending(quote, caller, Vertx.currentContext()));
            writeNextBatch();
        });
    }

    /** Only one batch is in flight: whoever finds none starts one, and its completion starts the next. */
    private void writeNextBatch() {
        if (!writing.compareAndSet(false, true)) return;
        List<Pending> batch = new ArrayList<>();
        for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            // A quote queued between the poll and the reset found the flag still set: pick it up.
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
     * The INSERT once per row: the pool sends them as one pipeline ending in a single Sync,
     * which PostgreSQL runs as one implicit transaction, so they commit together or not at all.
     */
    Uni<Void> insert(List<Quote> quotes) {
        return pool.preparedQuery(INSERT).executeBatch(quotes.stream().map(QuoteWriter::row).toList()).replaceWithVoid();
    }

    private void finish(List<Pending> batch, Throwable failure) {
        writing.set(false);
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
                quote.status, quote.createdAt.atOffset(ZoneOffset.UTC), quote.expiresAt.atOffset(ZoneOffset.UTC)));
    }
}

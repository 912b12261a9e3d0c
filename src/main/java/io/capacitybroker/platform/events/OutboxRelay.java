package io.capacitybroker.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.vertx.SafeContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka and marks them sent (ADR 0007). Every replica runs it:
 * a pass leases due rows with {@code FOR UPDATE SKIP LOCKED} for {@code broker.outbox.lease}, so
 * replicas never wait for each other, and rows of a relay that died are taken over once its lease
 * has run out. A row is marked sent only after Kafka acknowledged it; a crash in between publishes
 * it again (at least once; consumers deduplicate on the CloudEvent id).
 *
 * <p>Events of one key go out in the order they were appended: a row waits while an earlier row
 * of its key is leased or backing off, and within a pass the rows of a key are sent one after the
 * other. A failed attempt is retried with a doubling backoff; after {@code max-attempts} the row is
 * parked (left unsent with its last error) and no longer holds back later rows of its key.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Passes per scheduled run while full batches keep coming: a backlog drains without waiting. */
    private static final int MAX_PASSES_PER_RUN = 20;
    /**
     * Due rows in append order, without those held back behind an earlier row of their key that is
     * leased or backing off; the batch size and the lock clause follow.
     */
    static final String LEASE = """
            select o.id, o.position, o.topic, o.key, o.type, o.subject, cast(o.payload as text),
                   o.occurred_at, o.attempts
              from outbox_event o
             where o.sent_at is null and o.attempts < :max
               and (o.leased_until is null or o.leased_until <= :now)
               and not exists (select 1 from outbox_event p
                                where p.topic = o.topic and p.key = o.key and p.position < o.position
                                  and p.sent_at is null and p.attempts < :max
                                  and p.leased_until > :now)
             order by o.position
             limit""";
    /**
     * Makes each lease walk the unsent-rows index in append order and stop after one batch,
     * whatever the size of the backlog, with the earlier rows of a key looked up by key. Two ways
     * PostgreSQL otherwise reads the whole backlog on every pass, so that a relay that falls behind
     * falls further behind (measured in docs/performance.md, runs of 2026-11-26 afternoon):
     * <ul>
     *   <li>for a backlog its statistics do not know of yet (Kafka was down, or a burst came faster
     *       than autoanalyze) it plans "fetch every unsent row, then sort", payloads included;</li>
     *   <li>the connection's prepared statement keeps a generic plan made while the table was small,
     *       whose check for earlier rows of the key scans every unsent row for each candidate.</li>
     * </ul>
     * Both settings last until the end of the lease's transaction.
     */
    static final String LEASE_PLANNING = "select set_config('enable_sort', 'off', true), "
            + "set_config('plan_cache_mode', 'force_custom_plan', true)";

    @Inject @Channel(CHANNEL) MutinyEmitter<String> emitter;
    @Inject Mutiny.SessionFactory sessions;
    @Inject ObjectMapper json;
    @Inject BrokerConfig config;
    @Inject Clock clock;
    @Inject Vertx vertx;

    /** What became of one leased row in a pass. */
    record Outcome(OutboxEvent event, Throwable failure, boolean attempted) {
        static Outcome sent(OutboxEvent e) { return new Outcome(e, null, true); }
        static Outcome failed(OutboxEvent e, Throwable t) { return new Outcome(e, t, true); }
        static Outcome notAttempted(OutboxEvent e) { return new Outcome(e, null, false); }
        boolean isSent() { return attempted && failure == null; }
    }

    /** Set when the application begins to stop: the database pool may already be closing. */
    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${broker.outbox.relay.every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.outbox().relayEnabled() || stopping) return Uni.createFrom().voidItem();
        return drain().onFailure().recoverWithItem(failure -> {
            LOG.warnf(failure, "outbox relay pass failed; the next run retries");
            return 0;
        }).replaceWithVoid();
    }

    /** Passes until a pass finds less than a full batch (bounded); returns how many events were sent. */
    public Uni<Integer> drain() {
        return drain(0, 0);
    }

    private Uni<Integer> drain(int pass, int sentSoFar) {
        return pass(config.outbox().batchSize()).chain(result -> {
            int sent = sentSoFar + result.sent();
            boolean more = result.leased() == config.outbox().batchSize() && pass + 1 < MAX_PASSES_PER_RUN;
            return more ? drain(pass + 1, sent) : Uni.createFrom().item(sent);
        });
    }

    /** One pass: lease, publish, record. Returns how many events Kafka acknowledged. */
    public Uni<Integer> runOnce() {
        return pass(config.outbox().batchSize()).map(PassResult::sent);
    }

    record PassResult(int leased, int sent) {}

    private Uni<PassResult> pass(int batchSize) {
        return SafeContext.run(vertx, () -> lease(clock.instant(), batchSize))
                .chain(batch -> batch.isEmpty()
                        ? Uni.createFrom().item(new PassResult(0, 0))
                        : publishAll(batch).chain(outcomes -> SafeContext.run(vertx, () -> record(outcomes))
                                .map(sent -> new PassResult(batch.size(), sent))));
    }

    /**
     * Takes up to {@code batchSize} due rows for this relay until {@code now + lease}, in append
     * order; each lease counts as an attempt. Public for tests that play a relay which dies here.
     */
    public Uni<List<OutboxEvent>> lease(Instant now, int batchSize) {
        return sessions.withTransaction(session -> session.createNativeQuery(LEASE_PLANNING).getResultList()
                .chain(() -> session.createNativeQuery(LEASE + " " + batchSize + " for update of o skip locked", Object[].class)
                        .setParameter("max", config.outbox().maxAttempts())
                        .setParameter("now", now)
                        .getResultList())
                .chain(rows -> {
                    List<OutboxEvent> events = rows.stream().map(OutboxRelay::toEvent).toList();
                    if (events.isEmpty()) return Uni.createFrom().item(events);
                    return session.createNativeQuery(
                                    "update outbox_event set leased_until = :until, attempts = attempts + 1 where id in (:ids)")
                            .setParameter("until", now.plus(config.outbox().lease()))
                            .setParameter("ids", events.stream().map(OutboxEvent::id).toList())
                            .executeUpdate()
                            .replaceWith(events);
                }));
    }

    /** Keys in parallel; the rows of one key one after the other, stopping at the first failure. */
    private Uni<List<Outcome>> publishAll(List<OutboxEvent> batch) {
        Map<String, List<OutboxEvent>> byKey = new LinkedHashMap<>();
        for (OutboxEvent e : batch) {
            byKey.computeIfAbsent(e.topic() + '\u0000' + e.key(), k -> new ArrayList<>()).add(e);
        }
        List<Uni<List<Outcome>>> perKey = byKey.values().stream().map(this::publishInOrder).toList();
        return Uni.join().all(perKey).andFailFast()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    private Uni<List<Outcome>> publishInOrder(List<OutboxEvent> events) {
        Uni<List<Outcome>> chain = Uni.createFrom().item(new ArrayList<>());
        for (OutboxEvent e : events) {
            chain = chain.chain(done -> {
                boolean blocked = !done.isEmpty() && !done.get(done.size() - 1).isSent();
                Uni<Outcome> next = blocked ? Uni.createFrom().item(Outcome.notAttempted(e)) : publish(e);
                return next.map(outcome -> {
                    done.add(outcome);
                    return done;
                });
            });
        }
        return chain;
    }

    /** Sends one event and waits for Kafka's acknowledgement; never fails, the outcome says how it went. */
    private Uni<Outcome> publish(OutboxEvent event) {
        return Uni.createFrom().deferred(() -> {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("content-type", CloudEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                    Message<String> message = Message.of(CloudEvents.envelope(json, event))
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                                    .withTopic(event.topic()).withKey(event.key()).withHeaders(headers).build());
                    return emitter.sendMessage(message);
                })
                .ifNoItem().after(config.outbox().publishTimeout()).fail()
                .map(ignored -> Outcome.sent(event))
                .onFailure().recoverWithItem(failure -> Outcome.failed(event, failure));
    }

    /** Marks sent rows sent, and schedules the retry of failed ones; returns how many were sent. */
    private Uni<Integer> record(List<Outcome> outcomes) {
        Instant now = clock.instant();
        List<UUID> sent = outcomes.stream().filter(Outcome::isSent).map(o -> o.event().id()).toList();
        List<UUID> notAttempted = outcomes.stream().filter(o -> !o.attempted()).map(o -> o.event().id()).toList();
        List<Outcome> failed = outcomes.stream().filter(o -> o.attempted() && o.failure() != null).toList();
        return sessions.withTransaction(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            if (!sent.isEmpty()) {
                chain = chain.chain(() -> session.createNativeQuery("""
                                update outbox_event set sent_at = :now, leased_until = null, last_error = null
                                 where id in (:ids) and sent_at is null""")
                        .setParameter("now", now).setParameter("ids", sent).executeUpdate().replaceWithVoid());
            }
            if (!notAttempted.isEmpty()) {
                // Held back behind a failed row of their key: this lease was no attempt of theirs.
                chain = chain.chain(() -> session.createNativeQuery("""
                                update outbox_event set attempts = greatest(attempts - 1, 0), leased_until = null
                                 where id in (:ids) and sent_at is null""")
                        .setParameter("ids", notAttempted).executeUpdate().replaceWithVoid());
            }
            for (Outcome o : failed) {
                int attempts = o.event().attempts() + 1;
                String error = describe(o.failure());
                if (attempts >= config.outbox().maxAttempts()) {
                    LOG.errorf("outbox event %s (%s, key %s) parked after %d attempts: %s",
                            o.event().id(), o.event().type(), o.event().key(), attempts, error);
                } else {
                    LOG.warnf("outbox event %s not published (attempt %d): %s", o.event().id(), attempts, error);
                }
                chain = chain.chain(() -> session.createNativeQuery("""
                                update outbox_event set last_error = :error, leased_until = :retryAt
                                 where id = :id and sent_at is null""")
                        .setParameter("error", error)
                        .setParameter("retryAt", now.plus(backoff(attempts)))
                        .setParameter("id", o.event().id())
                        .executeUpdate().replaceWithVoid());
            }
            return chain;
        }).replaceWith(sent.size());
    }

    /** 1 s, 2 s, 4 s, ... up to the maximum. */
    Duration backoff(int attempts) {
        Duration base = config.outbox().retryBackoff();
        Duration max = config.outbox().maxRetryBackoff();
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = base.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }

    private static OutboxEvent toEvent(Object[] row) {
        return new OutboxEvent(Rows.uuid(row[0]), Rows.longValue(row[1]), (String) row[2], (String) row[3],
                (String) row[4], (String) row[5], (String) row[6], Rows.instant(row[7]), Rows.integer(row[8]));
    }
}

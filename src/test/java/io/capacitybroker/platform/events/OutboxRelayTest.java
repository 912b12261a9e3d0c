package io.capacitybroker.platform.events;

import static io.capacitybroker.testsupport.KafkaTestClient.awaitRecords;
import static io.capacitybroker.testsupport.KafkaTestClient.header;
import static io.capacitybroker.testsupport.KafkaTestClient.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.testsupport.TestClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The outbox against the real PostgreSQL and the real Kafka broker: what a committed transaction
 * implies goes out as a CloudEvent, what was rolled back never does, and events committed while
 * no relay ran, or leased by a relay that died, still go out. The scheduler is off in tests: each
 * test runs the relay itself, which is how "the relay is down" is played.
 */
@QuarkusTest
class OutboxRelayTest extends BrokerTest {
    private static final String TOPIC = "broker.reservations";
    private static final String MODEL = "H100-SXM-80GB";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject OutboxRelay relay;
    @Inject Outbox outbox;

    private final String tenant = unique("acme");

    @Test
    void aCommittedBookingAndItsCancellationArePublishedAsCloudEventsInOrder() throws Throwable {
        String id = bookConfirmed("BG");
        asTenant(tenant).body(Map.of("reason", "plans changed")).post("/api/v1/reservations/{id}/cancel", id)
                .then().statusCode(200);
        drain();

        List<ConsumerRecord<String, String>> records = awaitRecords(TOPIC, 2, r -> id.equals(r.key()));
        assertThat(records).hasSize(2);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        ConsumerRecord<String, String> created = records.get(0);
        assertThat(header(created, "content-type")).isEqualTo("application/cloudevents+json; charset=UTF-8");

        JsonNode event = JSON.readTree(created.value());
        assertThat(event.get("specversion").asText()).isEqualTo("1.0");
        assertThat(UUID.fromString(event.get("id").asText())).isEqualTo(outboxIds(id).get(0));
        assertThat(event.get("source").asText()).isEqualTo("/capacity-broker");
        assertThat(event.get("type").asText()).isEqualTo("io.capacitybroker.reservation.created.v1");
        assertThat(event.get("subject").asText()).isEqualTo(id);
        assertThat(event.get("time").asText()).isEqualTo(TestClock.START.toString());
        assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
        JsonNode data = event.get("data");
        assertThat(data.get("id").asText()).isEqualTo(id);
        assertThat(data.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(data.get("allocations").get(0).get("gpuCount").asInt()).isEqualTo(8);

        JsonNode cancelled = JSON.readTree(records.get(1).value());
        assertThat(cancelled.get("type").asText()).isEqualTo("io.capacitybroker.reservation.cancelled.v1");
        assertThat(cancelled.get("data").get("status").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("data").get("history")).hasSize(2);
        assertThat(cancelled.get("data").has("cancellationFee")).isTrue();
        assertThat(unsent(id)).isZero();
    }

    @Test
    void aRolledBackChangeLeavesNoEventBehind() throws Throwable {
        String key = unique("rolled-back");
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession()
                        .chain(session -> outbox.append(session, TOPIC, key, "io.capacitybroker.test.v1", key, Map.of("n", 1)))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change fails after its event"))))))
                .hasMessageContaining("fails after its event");
        assertThat(outboxIds(key)).isEmpty();

        // A refused booking (no capacity left) writes nothing either.
        String partner = unique("gmi");
        publish(partner, "ath-1", "GR", "EU", "pool", offer(1, MODEL, 8, "USD", "2.00", false));
        QuoteChoice first = quoteAt(tenant, request(MODEL, 8, 4, "GR"), partner);
        QuoteChoice second = quoteAt(tenant, request(MODEL, 8, 4, "GR"), partner);
        bookChoice(tenant, first).then().statusCode(201);
        long before = count();
        bookChoice(tenant, second).then().statusCode(409);
        assertThat(count()).isEqualTo(before);

        drain();
        assertThat(withKey(TOPIC, key)).isEmpty();
    }

    @Test
    void eventsCommittedWhileNoRelayRanArePublishedOnceOneRuns() throws Throwable {
        String id = bookConfirmed("RO");
        // Committed, and no relay has run: the event waits in the table, not on Kafka.
        assertThat(unsent(id)).isEqualTo(1);
        assertThat(withKey(TOPIC, id)).isEmpty();

        drain(); // a relay on any replica, e.g. after a restart
        assertThat(awaitRecords(TOPIC, 1, r -> id.equals(r.key()))).hasSize(1);
        assertThat(unsent(id)).isZero();
    }

    @Test
    void anEventLeasedByARelayThatDiedIsPublishedOnceTheLeaseRunsOut() throws Throwable {
        String id = bookConfirmed("HR");
        // A relay leases the row, then dies before publishing.
        List<OutboxEvent> leased = VertxContextSupport.subscribeAndAwait(() -> relay.lease(clock.instant(), 10_000));
        assertThat(leased).extracting(OutboxEvent::key).contains(id);

        drain(); // another relay: the lease still holds, it leaves the row alone
        assertThat(unsent(id)).isEqualTo(1);
        assertThat(withKey(TOPIC, id)).isEmpty();

        clock.advance(Duration.ofSeconds(31)); // broker.outbox.lease is 30 s
        drain();
        assertThat(awaitRecords(TOPIC, 1, r -> id.equals(r.key()))).hasSize(1);
        assertThat(unsent(id)).isZero();
        assertThat(attempts(id)).isEqualTo(2);
    }

    @Test
    void aFailingEventIsRetriedWithItsErrorRecordedHoldsBackItsKeyAndIsParkedAfterTheLastAttempt() throws Throwable {
        String key = unique("stuck");
        // Kafka refuses the topic name, so every attempt fails.
        String badTopic = "not a valid topic!";
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> outbox.append(session, badTopic, key, "io.capacitybroker.test.v1", key, Map.of("n", 1)))
                .chain(() -> Panache.getSession())
                .chain(session -> outbox.append(session, badTopic, key, "io.capacitybroker.test.v1", key, Map.of("n", 2)))));

        drain();
        List<Map<String, Object>> rows = rows(key);
        assertThat(rows.get(0)).containsEntry("attempts", 1);
        assertThat((String) rows.get(0).get("last_error")).isNotBlank();
        assertThat(rows.get(1)).containsEntry("attempts", 0); // held back behind the first, not attempted

        for (int attempt = 2; attempt <= 10; attempt++) {
            clock.advance(Duration.ofMinutes(6)); // beyond the longest backoff
            drain();
            assertThat(rows(key).get(0)).containsEntry("attempts", attempt);
        }
        clock.advance(Duration.ofMinutes(6));
        drain();
        rows = rows(key);
        assertThat(rows.get(0)).containsEntry("attempts", 10).containsEntry("sent", false); // parked
        assertThat(rows.get(1)).containsEntry("attempts", 1); // no longer held back

        // The channel survived the failures: a good event still goes out.
        String id = bookConfirmed("HU");
        drain();
        assertThat(awaitRecords(TOPIC, 1, r -> id.equals(r.key()))).hasSize(1);
    }

    @Test
    void leasingABatchFromABacklogReadsAboutABatchNotTheWholeBacklog() throws Exception {
        int backlog = 5000;
        try (Connection c = PostgresTestResource.openConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                // The connection holds the lease as a prepared statement whose generic plan was made
                // while the table was small, as a relay's connection does from its first passes on.
                s.execute("set local plan_cache_mode = force_generic_plan");
                s.execute("prepare lease(int, timestamptz) as " + OutboxRelay.LEASE.replace(":max", "$1").replace(":now", "$2")
                        + " 100 for update of o skip locked");
                s.execute("execute lease(10, now())");
                // Then a backlog that no ANALYZE has seen: what an outage of Kafka, or a burst, leaves behind.
                s.execute("""
                        insert into outbox_event (id, topic, key, type, subject, payload, occurred_at)
                        select gen_random_uuid(), 'broker.backlog', 'backlog-' || g, 'test.backlog.v1', 'backlog', '{}', now()
                          from generate_series(1, %d) g""".formatted(backlog));
                s.execute(OutboxRelay.LEASE_PLANNING);
                JsonNode plan;
                try (ResultSet rs = s.executeQuery("explain (analyze, buffers, format json) execute lease(10, now())")) {
                    rs.next();
                    plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
                }
                assertThat(plan.findValuesAsText("Node Type")).doesNotContain("Sort");
                long blocks = plan.get("Shared Hit Blocks").asLong() + plan.get("Shared Read Blocks").asLong();
                assertThat(blocks).as("buffers read to lease 100 of %d rows, plan %s", backlog, plan).isLessThan(backlog / 5);
            } finally {
                c.rollback();
            }
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    private void drain() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> relay.drain());
    }

    private String bookConfirmed(String country) {
        String partner = unique("gmi");
        publish(partner, "site-1", country, "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        return bookChoice(tenant, quoteAt(tenant, request(MODEL, 8, 4, country), partner)).then().statusCode(201).extract().path("id");
    }

    private static List<UUID> outboxIds(String key) throws SQLException {
        return query("select id from outbox_event where key = ? order by position", rs -> (UUID) rs.getObject(1), key);
    }

    private static long unsent(String key) throws SQLException {
        return query("select count(*) from outbox_event where key = ? and sent_at is null", rs -> rs.getLong(1), key).get(0);
    }

    private static int attempts(String key) throws SQLException {
        return query("select attempts from outbox_event where key = ?", rs -> rs.getInt(1), key).get(0);
    }

    private static long count() throws SQLException {
        return query("select count(*) from outbox_event", rs -> rs.getLong(1)).get(0);
    }

    private static List<Map<String, Object>> rows(String key) throws SQLException {
        return query("select attempts, last_error, sent_at is not null from outbox_event where key = ? order by position",
                rs -> {
                    Map<String, Object> row = new HashMap<>();
                    row.put("attempts", rs.getInt(1));
                    row.put("last_error", rs.getString(2));
                    row.put("sent", rs.getBoolean(3));
                    return row;
                }, key);
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, RowReader<T> reader, Object... parameters) throws SQLException {
        try (Connection c = PostgresTestResource.openConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) ps.setObject(i + 1, parameters[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(rs));
                return out;
            }
        }
    }
}

package io.capacitybroker.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.platform.db.SqlTuples;
import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sent events go after their retention, batch after batch; unsent ones stay, however old (ADR 0007). */
@QuarkusTest
class OutboxRetentionTest extends BrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject OutboxRetention retention;
    @Inject Pool pool;

    private final String key = unique("retention");

    @Test
    void sentEventsPastTheCutOffAreDeletedAndNothingElse() {
        Instant cutOff = clock.instant().minus(Duration.ofDays(30));
        // More than a batch sent at or before the cut-off; events of other tests were sent after it (the test clock's time).
        insert(OutboxRetention.BATCH + 5, cutOff.minus(Duration.ofDays(10)), cutOff);
        insert(1, cutOff.minus(Duration.ofDays(10)), cutOff.plusSeconds(1));
        insert(1, cutOff.minus(Duration.ofDays(10)), null); // never sent; leased far ahead so that the relay leaves it alone

        long deleted = retention.prune(cutOff).await().atMost(WAIT);

        assertThat(deleted).isGreaterThanOrEqualTo(OutboxRetention.BATCH + 5); // and any other test's sent before the cut-off
        assertThat(count("sent_at is not null")).isEqualTo(1);
        assertThat(count("sent_at is null")).isEqualTo(1);
    }

    /** The two that stayed would count in other tests' outbox gauges. */
    @AfterEach
    void deleteWhatStayed() {
        pool.preparedQuery("delete from outbox_event where key = $1").execute(Tuple.of(key)).await().atMost(WAIT);
    }

    private void insert(int events, Instant occurredAt, Instant sentAt) {
        pool.preparedQuery("""
                        insert into outbox_event (id, topic, key, type, subject, payload, occurred_at, sent_at, leased_until)
                        select gen_random_uuid(), 'broker.reservations', $1, 'test.retention', $1, '{}'::jsonb, $2, $3,
                               case when $3::timestamptz is null then $4::timestamptz end
                          from generate_series(1, $5)""")
                .execute(SqlTuples.of(key, SqlTuples.utc(occurredAt), SqlTuples.utc(sentAt),
                        SqlTuples.utc(clock.instant().plus(Duration.ofDays(365))), events))
                .await().atMost(WAIT);
    }

    private long count(String condition) {
        return pool.preparedQuery("select count(*) as n from outbox_event where key = $1 and " + condition)
                .execute(Tuple.of(key)).map(rows -> rows.iterator().next().getLong("n")).await().atMost(WAIT);
    }
}

package io.capacitybroker.quote.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.quote.domain.Quote;
import io.capacitybroker.testsupport.BrokerTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Group commit of quotes against the real PostgreSQL: every quote stored, batches shared, a failed batch stores nothing. */
@QuarkusTest
class QuoteWriterTest extends BrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject QuoteWriter writer;
    @Inject Pool pool;
    @Inject MeterRegistry registry;

    @Test
    void quotesWrittenAtTheSameTimeAreAllStoredAndShareInserts() {
        String tenant = unique("tenant-gc");
        long batchesBefore = batches();

        List<Uni<Void>> writes = IntStream.range(0, 300).mapToObj(i -> writer.write(quote(tenant, "OPEN"))).toList();
        Uni.join().all(writes).andFailFast().await().atMost(WAIT);

        assertThat(storedFor(tenant)).isEqualTo(300);
        long batches = batches() - batchesBefore;
        assertThat(batches).as("INSERTs for 300 quotes written at once").isBetween(2L, 299L);
    }

    @Test
    void aBatchIsAllOrNothing() {
        String tenant = unique("tenant-gc");

        // The CHECK constraint on status refuses the second row, so the first must not stay either.
        assertThatThrownBy(() -> writer.insert(List.of(quote(tenant, "OPEN"), quote(tenant, "NOT-A-STATUS")))
                .await().atMost(WAIT)).hasMessageContaining("quote_status_check");

        assertThat(storedFor(tenant)).isZero();
    }

    @Test
    void aFailedWriteFailsItsCallerAndTheWriterCarriesOn() {
        String tenant = unique("tenant-gc");

        assertThatThrownBy(() -> writer.write(quote(tenant, "NOT-A-STATUS")).await().atMost(WAIT))
                .hasMessageContaining("quote_status_check");
        Quote unencodable = quote(tenant, "OPEN");
        unencodable.createdAt = null;
        assertThatThrownBy(() -> writer.write(unencodable).await().atMost(WAIT)).isInstanceOf(NullPointerException.class);
        writer.write(quote(tenant, "OPEN")).await().atMost(WAIT);

        assertThat(storedFor(tenant)).isEqualTo(1);
    }

    @Test
    void storedOptionsAreCompressedWithLz4() {
        String tenant = unique("tenant-gc");
        Quote large = quote(tenant, "OPEN");
        large.options = "[" + "{\"rank\":1,\"reason\":\"cheapest total\"},".repeat(200) + "{}]"; // compressible, over 2 KB
        writer.write(large).await().atMost(WAIT);

        String method = pool.preparedQuery("select pg_column_compression(options) from quote where id = $1")
                .execute(Tuple.of(large.id)).await().atMost(WAIT).iterator().next().getString(0);
        assertThat(method).as("migration V8; the test PostgreSQL is built with lz4").isEqualTo("lz4");
    }

    /** INSERTs so far; the meter appears with the first one. */
    private long batches() {
        DistributionSummary summary = registry.find(BrokerMetrics.QUOTE_WRITE_BATCH).summary();
        return summary == null ? 0 : summary.count();
    }

    private long storedFor(String tenant) {
        return pool.preparedQuery("select count(*) from quote where tenant_id = $1").execute(Tuple.of(tenant))
                .await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static int sequence;

    private static Quote quote(String tenant, String status) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Quote quote = new Quote();
        quote.id = "qt-test-" + tenant + "-" + (sequence++);
        quote.tenantId = tenant;
        quote.request = "{}";
        quote.options = "[]";
        quote.currency = "USD";
        quote.ratesDate = LocalDate.of(2026, 11, 26);
        quote.status = status;
        quote.createdAt = now;
        quote.expiresAt = now.plus(Duration.ofMinutes(15));
        return quote;
    }
}

package io.capacitybroker.quote.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.quote.domain.Quote;
import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expired quotes nobody booked go after their retention (7 days by default); booked ones stay (ADR 0015). */
@QuarkusTest
class QuoteRetentionTest extends BrokerTest {
    private static final String MODEL = "H100-SXM-80GB";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject QuoteRetention retention;
    @Inject QuoteWriter writer;
    @Inject Pool pool;

    private final String tenant = unique("retention");

    @Test
    void theJobDeletesAnUnbookedQuoteOnlyAfterItsRetentionAndKeepsABookedOne() {
        String partner = unique("gmi");
        publish(partner, "vie-1", "AT", "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        QuoteChoice booked = quoteAt(tenant, request(MODEL, 4, 2, "AT"), partner);
        QuoteChoice unbooked = quoteAt(tenant, request(MODEL, 4, 2, "AT"), partner);
        String reservation = bookChoice(tenant, booked).then().statusCode(201).extract().path("id");

        clock.advance(Duration.ofMinutes(16)); // both expired a minute ago
        runJob();
        assertThat(status(booked.quoteId())).isEqualTo(Quote.EXPIRED);
        assertThat(status(unbooked.quoteId())).isEqualTo(Quote.EXPIRED);

        clock.advance(Duration.ofDays(7).minusMinutes(2)); // expired a minute less than 7 days ago
        runJob();
        asTenant(tenant).get("/api/v1/quotes/{id}", unbooked.quoteId()).then().statusCode(200);

        clock.advance(Duration.ofMinutes(2)); // expired a minute more than 7 days ago
        runJob();
        asTenant(tenant).get("/api/v1/quotes/{id}", unbooked.quoteId()).then().statusCode(404);
        asTenant(tenant).get("/api/v1/quotes/{id}", booked.quoteId()).then().statusCode(200);
        assertThat(status(booked.quoteId())).isEqualTo(Quote.BOOKED);
        asTenant(tenant).get("/api/v1/reservations/{id}", reservation).then().statusCode(200)
                .body("quoteId", equalTo(booked.quoteId()));
    }

    @Test
    void pruningGoesOnBatchAfterBatchAndStopsAtTheCutOff() {
        Instant cutOff = clock.instant().minus(Duration.ofDays(7));
        // More than two batches' worth, expired at or before the cut-off, and one a second after it.
        List<Quote> due = IntStream.range(0, 1_100).mapToObj(i -> expired(cutOff.minusSeconds(i))).toList();
        writer.insert(due).await().atMost(WAIT);
        Quote young = expired(cutOff.plusSeconds(1));
        writer.insert(List.of(young)).await().atMost(WAIT);

        long deleted = retention.prune(cutOff).await().atMost(WAIT);

        assertThat(deleted).isGreaterThanOrEqualTo(1_100); // other tests' expired quotes may go too
        assertThat(storedFor(tenant)).isEqualTo(1);
        assertThat(status(young.id)).isEqualTo(Quote.EXPIRED);
    }

    private Quote expired(Instant expiresAt) {
        Quote quote = new Quote();
        quote.id = "qt-retention-" + UUID.randomUUID();
        quote.tenantId = tenant;
        quote.request = "{}";
        quote.options = "[]";
        quote.currency = "USD";
        quote.ratesDate = LocalDate.of(2030, 3, 4);
        quote.status = Quote.EXPIRED;
        quote.createdAt = expiresAt.minus(Duration.ofMinutes(15));
        quote.expiresAt = expiresAt;
        return quote;
    }

    private String status(String quoteId) {
        return pool.preparedQuery("select status from quote where id = $1").execute(Tuple.of(quoteId))
                .map(rows -> rows.iterator().next().getString("status")).await().atMost(WAIT);
    }

    private long storedFor(String tenantId) {
        return pool.preparedQuery("select count(*) as n from quote where tenant_id = $1").execute(Tuple.of(tenantId))
                .map(rows -> rows.iterator().next().getLong("n")).await().atMost(WAIT);
    }
}

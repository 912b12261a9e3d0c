package io.capacitybroker.platform.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static io.capacitybroker.testsupport.PrometheusMetrics.scrape;
import static io.capacitybroker.testsupport.PrometheusMetrics.value;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The business metrics of docs/operations.md appear on /q/metrics, in Prometheus' text format, with
 * the values a quote and a booking give. Its own country (MY) and partner, so that its site's
 * utilisation is its own.
 */
@QuarkusTest
class BusinessMetricsTest extends BrokerTest {
    private static final String MODEL = "H100-SXM-80GB";

    @Inject GaugeRefresher gauges;

    @Test
    void aQuoteAndABookingShowInTheMetrics() throws Throwable {
        String partner = unique("metrics");
        String tenant = unique("acme");
        publish(partner, "kul-1", "MY", "MY", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        QuoteChoice choice = quoteAt(tenant, request(MODEL, 8, 4, "MY"), partner);
        bookChoice(tenant, choice).then().statusCode(201);
        bookChoice(tenant, quoteAt(tenant, request(MODEL, 8, 4, "MY"), partner)).then().statusCode(201);
        // The offer is full over those hours now: booking the first quote again is refused, and counted as such.
        bookChoice(tenant, choice).then().statusCode(409);
        VertxContextSupport.subscribeAndAwait(() -> gauges.refreshNow());

        String metrics = scrape();
        assertThat(value(metrics, "broker_quotes_total{result=\"options\"}")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "broker_matching_duration_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(metrics).contains("broker_matching_duration_seconds_bucket{le=\"0.001\"}");
        // The same tenant token for every call of this test: verified once (at least), remembered afterwards.
        assertThat(value(metrics, "broker_tokens_total{check=\"remembered\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "broker_tokens_total{check=\"verified\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "broker_bookings_total{outcome=\"confirmed\"}")).isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "broker_bookings_total{outcome=\"capacity_conflict\"}")).isGreaterThanOrEqualTo(1);
        // 2 x 8 GPUs x 4 h of 16 GPUs x 24 h.
        assertThat(value(metrics, "broker_ledger_utilisation_ratio{gpu_model=\"" + MODEL + "\",partner=\"" + partner
                + "\",site=\"kul-1\"}")).isCloseTo(64.0 / 384.0, within(1e-9));
        assertThat(metrics).contains("broker_sites_stale ", "broker_outbox_unsent ", "broker_outbox_parked ",
                "broker_outbox_oldest_unsent_age_seconds ");
    }

    @Test
    void kafkaConsumerLagComesFromTheKafkaClient() {
        // Each partner topic's consumer reports its largest partition lag; per-partition lag follows
        // once the Kafka binder has picked up the partitions' own metrics.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape())
                .contains("kafka_consumer_fetch_manager_records_lag_max{client_id=\"kafka-consumer-partner-usage\""));
    }
}

package io.capacitybroker.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The façade's meters for the callers still to come (webhooks, billing runs): names, tags, values. */
class BrokerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BrokerMetrics metrics = new BrokerMetrics(registry);

    @Test
    void webhookFailuresAreCountedPerReason() {
        metrics.webhookFailure("signature");
        metrics.webhookFailure("signature");
        metrics.webhookFailure("processing");
        assertThat(registry.get(BrokerMetrics.WEBHOOK_FAILURES).tag("reason", "signature").counter().count()).isEqualTo(2);
        assertThat(registry.get(BrokerMetrics.WEBHOOK_FAILURES).tag("reason", "processing").counter().count()).isEqualTo(1);
    }

    @Test
    void billingRunsAreTimedPerOutcome() {
        metrics.billingRunDuration(Duration.ofSeconds(42), "succeeded");
        metrics.billingRunDuration(Duration.ofMinutes(2), "failed");
        Timer succeeded = registry.get(BrokerMetrics.BILLING_RUNS).tag("outcome", "succeeded").timer();
        assertThat(succeeded.count()).isEqualTo(1);
        assertThat(succeeded.totalTime(TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(registry.get(BrokerMetrics.BILLING_RUNS).tag("outcome", "failed").timer().totalTime(TimeUnit.SECONDS))
                .isEqualTo(120);
    }

    @Test
    void matchingIsTimedAndItsResultPassedOn() {
        assertThat(metrics.timeMatching(() -> "options")).isEqualTo("options");
        assertThat(registry.get(BrokerMetrics.MATCHING).timer().count()).isEqualTo(1);
    }
}

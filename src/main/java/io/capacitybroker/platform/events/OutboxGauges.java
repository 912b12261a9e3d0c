package io.capacitybroker.platform.events;

import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.metrics.StoredGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How far the outbox relay is behind: events committed but not yet on Kafka, the age of the oldest,
 * and events parked after their last attempt (docs/events.md). Both indexes on unsent rows make
 * this one cheap read.
 */
@ApplicationScoped
public class OutboxGauges implements StoredGauge {
    private final AtomicLong unsent;
    private final AtomicLong parked;
    private final AtomicLong oldestAgeSeconds;

    @Inject BrokerConfig config;

    @Inject
    OutboxGauges(MeterRegistry registry) {
        unsent = StoredGauge.wholeNumber(registry, "broker.outbox.unsent",
                "Outbox events committed but not yet acknowledged by Kafka (parked ones included)", null);
        parked = StoredGauge.wholeNumber(registry, "broker.outbox.parked",
                "Outbox events that used up their attempts and wait for an operator", null);
        oldestAgeSeconds = StoredGauge.wholeNumber(registry, "broker.outbox.oldest.unsent.age",
                "Age of the oldest unsent outbox event; 0 when none is waiting", "seconds");
    }

    @Override
    public Uni<Void> refresh(Mutiny.Session session, Instant now) {
        return session.createNativeQuery("""
                        select count(*), count(*) filter (where attempts >= :max), min(occurred_at)
                          from outbox_event where sent_at is null""", Object[].class)
                .setParameter("max", config.outbox().maxAttempts())
                .getSingleResult()
                .invoke(row -> {
                    unsent.set(Rows.longValue(row[0]));
                    parked.set(Rows.longValue(row[1]));
                    Instant oldest = Rows.instant(row[2]);
                    oldestAgeSeconds.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toSeconds()));
                })
                .replaceWithVoid();
    }
}

package io.capacitybroker.platform.metrics;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Gauges whose values are read from the database now and then by {@link GaugeRefresher}, never on
 * a scrape: a scrape stays cheap however often Prometheus comes, and however many replicas it asks.
 * Every replica reads the same rows, so their values agree; aggregate them with max, not sum.
 */
public interface StoredGauge {
    /** Reads the current values in the given session (plain reads, no locks) and publishes them. */
    Uni<Void> refresh(Mutiny.Session session, Instant now);
}

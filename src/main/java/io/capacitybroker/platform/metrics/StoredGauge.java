package io.capacitybroker.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Gauges whose values are read from the database now and then by {@link GaugeRefresher}, never on
 * a scrape: a scrape stays cheap however often Prometheus comes, and however many replicas it asks.
 * Every replica reads the same rows, so their values agree; aggregate them with max, not sum.
 */
public interface StoredGauge {
    /** Reads the current values in the given session (plain reads, no locks) and publishes them. */
    Uni<Void> refresh(Mutiny.Session session, Instant now);

    /**
     * Registers a gauge of a whole number and returns the holder its refresh sets. Micrometer keeps
     * only a weak reference to the holder: keep it in a field. {@code baseUnit} may be null.
     */
    static AtomicLong wholeNumber(MeterRegistry registry, String name, String description, String baseUnit) {
        AtomicLong holder = new AtomicLong();
        Gauge.builder(name, holder, AtomicLong::get).description(description).baseUnit(baseUnit).register(registry);
        return holder;
    }
}

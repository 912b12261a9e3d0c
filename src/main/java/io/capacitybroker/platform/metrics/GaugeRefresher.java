package io.capacitybroker.platform.metrics;

import io.capacitybroker.platform.vertx.SafeContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/** Refreshes every {@link StoredGauge} on a schedule, one after the other in one read-only session. */
@ApplicationScoped
public class GaugeRefresher {
    private static final Logger LOG = Logger.getLogger(GaugeRefresher.class);

    @Inject @Any Instance<StoredGauge> gauges;
    @Inject Mutiny.SessionFactory sessions;
    @Inject Clock clock;
    @Inject Vertx vertx;

    /** Set when the application begins to stop: the database pool may already be closing. */
    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${broker.metrics.refresh-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (stopping) return Uni.createFrom().voidItem();
        return refreshNow().onFailure().recoverWithItem(failure -> {
            LOG.warnf(failure, "refreshing the stored gauges failed; they keep their last values");
            return null;
        });
    }

    /** One refresh of all gauges now; the schedule calls it, and so do tests. */
    public Uni<Void> refreshNow() {
        return SafeContext.run(vertx, () -> sessions.withSession(session -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (StoredGauge gauge : gauges) {
                chain = chain.chain(() -> gauge.refresh(session, clock.instant()));
            }
            return chain;
        }));
    }
}

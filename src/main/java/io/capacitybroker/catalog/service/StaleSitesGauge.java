package io.capacitybroker.catalog.service;

import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.metrics.StoredGauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Sites that have live offers but whose last heartbeat is older than {@code broker.site-stale-after}:
 * their offers are not sold (invariant 5), so a site that goes quiet is lost revenue to look into.
 */
@ApplicationScoped
public class StaleSitesGauge implements StoredGauge {
    private final AtomicLong stale;

    @Inject BrokerConfig config;

    @Inject
    StaleSitesGauge(MeterRegistry registry) {
        stale = StoredGauge.wholeNumber(registry, "broker.sites.stale",
                "Sites with live offers whose heartbeat is older than broker.site-stale-after", null);
    }

    @Override
    public Uni<Void> refresh(Mutiny.Session session, Instant now) {
        return session.createNativeQuery("""
                        select count(*) from site s
                         where (s.last_heartbeat is null or s.last_heartbeat < :staleBefore)
                           and exists (select 1 from offer o where o.site_id = s.id and o.status = 'LIVE')""", Object.class)
                .setParameter("staleBefore", now.minus(config.siteStaleAfter()))
                .getSingleResult()
                .invoke(count -> stale.set(Rows.longValue(count)))
                .replaceWithVoid();
    }
}

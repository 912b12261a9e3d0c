package io.capacitybroker.ledger;

import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.metrics.StoredGauge;
import io.capacitybroker.platform.time.Slots;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Ledger utilisation per site and GPU model over the next 24 hours: GPU-hours held or booked
 * divided by the GPU-hours live offers make available in that window. Slots without a ledger row
 * count as empty (rows are created when a booking first touches a slot). One aggregate read, no
 * locks; sites and models that no longer have live offers in the window drop out of the gauge.
 */
@ApplicationScoped
public class LedgerUtilisationGauge implements StoredGauge {
    public static final String NAME = "broker.ledger.utilisation";
    static final Duration WINDOW = Duration.ofHours(24);

    private final MultiGauge gauge;

    @Inject
    LedgerUtilisationGauge(MeterRegistry registry) {
        gauge = MultiGauge.builder(NAME)
                .description("Share of the GPU-hours of the next 24 hours that are held or booked, per site and GPU model")
                .baseUnit("ratio")
                .register(registry);
    }

    @Override
    public Uni<Void> refresh(Mutiny.Session session, Instant now) {
        Instant from = Slots.startOf(Slots.hourOf(now));
        Instant to = from.plus(WINDOW);
        return session.createNativeQuery("""
                        with live as (
                            select o.id, s.partner_id, s.code as site, o.gpu_model,
                                   o.total_gpus * floor(extract(epoch from least(o.window_end, :to) - greatest(o.window_start, :from)) / 3600) as gpu_hours
                              from offer o join site s on s.id = o.site_id
                             where o.status = 'LIVE' and o.window_end > :from and o.window_start < :to),
                        used as (
                            select offer_id, sum(held + booked) as gpu_hours from ledger_slot
                             where slot_start >= :from and slot_start < :to and offer_id in (select id from live)
                             group by offer_id)
                        select live.partner_id, live.site, live.gpu_model, sum(live.gpu_hours), coalesce(sum(used.gpu_hours), 0)
                          from live left join used on used.offer_id = live.id
                         group by live.partner_id, live.site, live.gpu_model
                        having sum(live.gpu_hours) > 0""", Object[].class)
                .setParameter("from", from)
                .setParameter("to", to)
                .getResultList()
                .invoke(rows -> gauge.register(rows.stream().map(LedgerUtilisationGauge::toRow).toList(), true))
                .replaceWithVoid();
    }

    private static MultiGauge.Row<?> toRow(Object[] row) {
        double available = Rows.decimal(row[3]).doubleValue();
        double used = Rows.decimal(row[4]).doubleValue();
        return MultiGauge.Row.of(Tags.of("partner", (String) row[0], "site", (String) row[1], "gpu_model", (String) row[2]),
                used / available);
    }
}

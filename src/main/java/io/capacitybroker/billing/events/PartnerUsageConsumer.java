package io.capacitybroker.billing.events;

import io.capacitybroker.billing.api.UsageBatch;
import io.capacitybroker.billing.service.UsageService;
import io.capacitybroker.platform.events.InboundEvent;
import io.capacitybroker.platform.events.InboundEvents;
import io.capacitybroker.platform.events.PartnerSource;
import io.capacitybroker.platform.events.RejectedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code partner.usage}: metered usage from a site, exactly as with
 * {@code POST /api/v1/partners/{p}/usage}. The partner is the one named in the CloudEvent
 * {@code source}, the data is the REST body ({@code {"records": [...]}}); the same service checks
 * and stores it, so a record delivered again, on this topic or over REST, is a harmless duplicate.
 */
@ApplicationScoped
public class PartnerUsageConsumer {
    public static final String TOPIC = "partner.usage";
    public static final String TYPE = "io.capacitybroker.partner.usage.v1";

    @Inject InboundEvents inbound;
    @Inject UsageService usage;

    @Incoming("partner-usage")
    public Uni<Void> consume(String value) {
        return inbound.handle(TOPIC, value, this::apply);
    }

    private Uni<?> apply(InboundEvent event) {
        if (!TYPE.equals(event.type())) {
            throw new RejectedEvent("unknown type " + event.type() + " on " + TOPIC + "; expected " + TYPE);
        }
        PartnerSource from = PartnerSource.of(event);
        UsageBatch batch = inbound.data(event, UsageBatch.class);
        return usage.record(from.partnerId(), batch.records());
    }
}

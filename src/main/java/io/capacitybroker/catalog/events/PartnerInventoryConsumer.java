package io.capacitybroker.catalog.events;

import io.capacitybroker.catalog.api.OfferRequest;
import io.capacitybroker.catalog.service.CatalogService;
import io.capacitybroker.platform.events.InboundEvent;
import io.capacitybroker.platform.events.InboundEvents;
import io.capacitybroker.platform.events.PartnerSource;
import io.capacitybroker.platform.events.RejectedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code partner.inventory}: a site publishes or withdraws an offer, exactly as with
 * {@code PUT|DELETE /api/v1/partners/{p}/sites/{s}/offers/{o}}. The CloudEvent {@code source}
 * {@code /partners/{p}/sites/{s}} names partner and site, the {@code subject} is the offer id, the
 * data is the REST body (an offer with its {@code sequence}, or {@code {"sequence": n}} for a
 * withdrawal). The sequence rules make redelivered and out-of-order records harmless: a sequence
 * that is not newer than the stored one changes nothing.
 */
@ApplicationScoped
public class PartnerInventoryConsumer {
    public static final String TOPIC = "partner.inventory";
    public static final String PUBLISH = "io.capacitybroker.partner.offer.publish.v1";
    public static final String WITHDRAW = "io.capacitybroker.partner.offer.withdraw.v1";

    @Inject InboundEvents inbound;
    @Inject CatalogService catalog;

    @Incoming("partner-inventory")
    public Uni<Void> consume(String value) {
        return inbound.handle(TOPIC, value, this::apply);
    }

    private Uni<?> apply(InboundEvent event) {
        if (!PUBLISH.equals(event.type()) && !WITHDRAW.equals(event.type())) {
            throw new RejectedEvent("unknown type " + event.type() + " on " + TOPIC + "; expected " + PUBLISH
                    + " or " + WITHDRAW);
        }
        PartnerSource from = PartnerSource.of(event);
        String siteId = from.requireSite();
        String offerId = event.requireSubject();
        if (PUBLISH.equals(event.type())) {
            return catalog.publishOffer(from.partnerId(), siteId, offerId, inbound.data(event, OfferRequest.class),
                    from.actor());
        }
        return catalog.withdrawOffer(from.partnerId(), siteId, offerId,
                inbound.data(event, WithdrawRequest.class).sequence(), from.actor());
    }
}

package io.capacitybroker.reservation.events;

import io.capacitybroker.platform.events.InboundEvent;
import io.capacitybroker.platform.events.InboundEvents;
import io.capacitybroker.platform.events.PartnerSource;
import io.capacitybroker.platform.events.RejectedEvent;
import io.capacitybroker.reservation.api.DecisionRequest;
import io.capacitybroker.reservation.service.ReservationService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code partner.decisions}: a site accepts or rejects a pending reservation, exactly as with
 * {@code POST /api/v1/partners/{p}/reservations/{id}/accept|reject}. The partner is the one named in
 * the CloudEvent {@code source}, the reservation is the {@code subject}, the data is the REST body
 * ({@code {"reason": ...}}, optional). The service checks that the reservation has allocations of
 * this partner (404 otherwise, which goes to the dead-letter topic). The same decision twice changes
 * nothing, so redelivered records are harmless.
 */
@ApplicationScoped
public class PartnerDecisionConsumer {
    public static final String TOPIC = "partner.decisions";
    public static final String ACCEPT = "io.capacitybroker.partner.reservation.accept.v1";
    public static final String REJECT = "io.capacitybroker.partner.reservation.reject.v1";

    @Inject InboundEvents inbound;
    @Inject ReservationService reservations;

    @Incoming("partner-decisions")
    public Uni<Void> consume(String value) {
        return inbound.handle(TOPIC, value, this::apply);
    }

    private Uni<?> apply(InboundEvent event) {
        boolean accept = switch (event.type()) {
            case ACCEPT -> true;
            case REJECT -> false;
            default -> throw new RejectedEvent("unknown type " + event.type() + " on " + TOPIC + "; expected " + ACCEPT
                    + " or " + REJECT);
        };
        PartnerSource from = PartnerSource.of(event);
        String reservationId = event.requireSubject();
        DecisionRequest body = inbound.data(event, DecisionRequest.class);
        return reservations.decide(from.partnerId(), reservationId, accept, from.actor(), body.reason());
    }
}

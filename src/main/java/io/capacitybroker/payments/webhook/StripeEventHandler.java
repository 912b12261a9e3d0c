package io.capacitybroker.payments.webhook;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What a capability does with a Stripe event. Billing implements it, so that payments, which billing
 * uses for the gateway, never depends on billing. Called once per event id, inside the transaction
 * that records the event: the effect and the record commit together.
 */
public interface StripeEventHandler {
    /** Whether this handler acts on events of this type. */
    boolean handles(String type);

    /** Applies the event; the outcome (e.g. {@code PAID}, {@code IGNORED_ALREADY_PAID}) is stored with the event. */
    Uni<String> apply(Mutiny.Session session, StripeEvent event);
}

package io.capacitybroker.payments.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Stores each verified Stripe event once ({@code stripe_event}, keyed by Stripe's event id) and lets
 * the handler for its type apply it in the same transaction. A redelivery finds the id stored and
 * changes nothing; two racing deliveries serialise on the primary key.
 */
@ApplicationScoped
public class StripeWebhooks {
    public static final String DUPLICATE = "DUPLICATE";
    public static final String IGNORED = "IGNORED_TYPE";

    @Inject Instance<StripeEventHandler> handlers;
    @Inject Clock clock;

    @WithTransaction
    public Uni<String> accept(StripeEvent event) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into stripe_event (id, type, object_id, outcome, received_at)
                        values (:id, :type, :object, 'RECEIVED', :at) on conflict (id) do nothing""")
                .setParameter("id", event.id()).setParameter("type", event.type())
                .setParameter("object", event.objectId()).setParameter("at", clock.instant())
                .executeUpdate()
                .chain(inserted -> inserted == 0 ? Uni.createFrom().item(DUPLICATE)
                        : apply(session, event).call(outcome -> session.createNativeQuery(
                                        "update stripe_event set outcome = :outcome where id = :id")
                                .setParameter("outcome", outcome).setParameter("id", event.id()).executeUpdate())));
    }

    private Uni<String> apply(Mutiny.Session session, StripeEvent event) {
        for (StripeEventHandler handler : handlers) {
            if (handler.handles(event.type())) return handler.apply(session, event);
        }
        return Uni.createFrom().item(IGNORED);
    }
}

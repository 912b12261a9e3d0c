package io.capacitybroker.billing.events;

import io.capacitybroker.platform.events.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The billing events on topic {@code broker.billing} (docs/events.md), appended to the outbox in the
 * transaction of the change they report. The key is the invoice id for an invoice and its credit
 * notes, and the payout or statement id otherwise, so that the events of one document stay in order.
 */
@ApplicationScoped
public class BillingEvents {
    public static final String TOPIC = "broker.billing";

    public enum Type {
        INVOICE_ISSUED("invoice.issued"),
        INVOICE_PAID("invoice.paid"),
        INVOICE_PAYMENT_FAILED("invoice.payment-failed"),
        CREDIT_NOTE_ISSUED("credit-note.issued"),
        STATEMENT_ISSUED("statement.issued"),
        PAYOUT_MADE("payout.made"),
        PAYOUT_REVERSED("payout.reversed");

        private final String name;

        Type(String name) {
            this.name = name;
        }

        public String cloudEventType() {
            return "io.capacitybroker.billing." + name + ".v1";
        }
    }

    @Inject Outbox outbox;

    public Uni<Void> append(Mutiny.Session session, Type type, String key, String subject, Object data) {
        return outbox.append(session, TOPIC, key, type.cloudEventType(), subject, data).replaceWithVoid();
    }
}

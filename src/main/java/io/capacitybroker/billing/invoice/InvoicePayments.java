package io.capacitybroker.billing.invoice;

import io.capacitybroker.billing.events.BillingEvents;
import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.finance.journal.Account;
import io.capacitybroker.finance.journal.EntryKind;
import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.NewEntry;
import io.capacitybroker.finance.journal.Posting;
import io.capacitybroker.payments.Amount;
import io.capacitybroker.payments.webhook.StripeEvent;
import io.capacitybroker.payments.webhook.StripeEventHandler;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Stripe's invoice events. Paid is final: a payment_failed that arrives after (or is delivered
 * after) the invoice was paid changes nothing, since Stripe's events can come in any order. A
 * payment is posted once (journal: once per invoice and kind), with the amount Stripe collected.
 */
@ApplicationScoped
public class InvoicePayments implements StripeEventHandler {
    private static final Set<String> PAID = Set.of("invoice.paid", "invoice.payment_succeeded");
    private static final String FAILED = "invoice.payment_failed";

    @Inject InvoiceStore store;
    @Inject JournalService journal;
    @Inject BillingEvents events;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    @Override
    public boolean handles(String type) {
        return PAID.contains(type) || FAILED.equals(type);
    }

    @Override
    public Uni<String> apply(Mutiny.Session session, StripeEvent event) {
        String actor = "stripe:" + event.id();
        return store.lockByStripeId(session, event.objectId()).chain(found -> {
            if (found.isEmpty()) return Uni.createFrom().item("UNKNOWN_INVOICE");
            InvoiceStore.Locked invoice = found.get();
            if (invoice.status() == InvoiceStatus.PAID) return Uni.createFrom().item("IGNORED_ALREADY_PAID");
            return PAID.contains(event.type()) ? paid(session, invoice, event, actor) : failed(session, invoice, event, actor);
        });
    }

    private Uni<String> paid(Mutiny.Session session, InvoiceStore.Locked invoice, StripeEvent event, String actor) {
        Money amountPaid = new Amount(event.object().path("amount_paid").asLong(0), invoice.currency()).toMoney();
        Uni<Void> posted = amountPaid.amount().signum() == 0 ? Uni.createFrom().voidItem()
                : journal.post(new NewEntry(EntryKind.PAYMENT_RECEIVED, invoice.id(), BillingPeriod.parse(invoice.period()).orElseThrow(),
                        "Stripe collected invoice " + event.objectId(),
                        List.of(Posting.debit(Account.STRIPE_CLEARING, amountPaid),
                                Posting.credit(Account.TENANT_RECEIVABLE, invoice.tenantId(), amountPaid))), actor).replaceWithVoid();
        return store.markPaid(session, invoice.id(), amountPaid, clock.instant())
                .chain(() -> posted)
                .chain(() -> audit.record(session, DocumentType.INVOICE, invoice.id(), "PAID", actor,
                        event.type() + ": " + amountPaid + " collected by Stripe"))
                .chain(() -> publish(session, BillingEvents.Type.INVOICE_PAID, invoice.id()))
                .replaceWith("PAID");
    }

    private Uni<String> failed(Mutiny.Session session, InvoiceStore.Locked invoice, StripeEvent event, String actor) {
        if (invoice.status() == InvoiceStatus.PAYMENT_FAILED) return Uni.createFrom().item("ALREADY_PAYMENT_FAILED");
        return store.markPaymentFailed(session, invoice.id())
                .chain(() -> audit.record(session, DocumentType.INVOICE, invoice.id(), "PAYMENT_FAILED", actor,
                        "attempt " + event.object().path("attempt_count").asInt() + " failed at Stripe"))
                .chain(() -> publish(session, BillingEvents.Type.INVOICE_PAYMENT_FAILED, invoice.id()))
                .replaceWith("PAYMENT_FAILED");
    }

    private Uni<Void> publish(Mutiny.Session session, BillingEvents.Type type, String invoiceId) {
        return store.view(session, invoiceId).chain(view -> events.append(session, type, invoiceId, invoiceId, view.orElseThrow()));
    }
}

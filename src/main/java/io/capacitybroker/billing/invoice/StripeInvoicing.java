package io.capacitybroker.billing.invoice;

import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.payments.Amount;
import io.capacitybroker.payments.IdempotencyKey;
import io.capacitybroker.payments.PaymentGateway;
import io.capacitybroker.payments.PaymentGateway.CustomerRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceItemRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceRequest;
import io.capacitybroker.payments.PaymentGateway.StripeInvoice;
import io.capacitybroker.platform.vertx.Blocking;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;

/**
 * Puts an issued invoice at Stripe: the tenant's customer, a draft invoice, one item per line,
 * finalize. Each Stripe id is stored in its own transaction as soon as Stripe answered, and a step
 * whose id is stored is skipped, so a rerun after a crash repeats at most the one call whose answer
 * was lost — with the same idempotency key, derived from the business id, which Stripe answers with
 * the first result (ADR 0008, ADR 0009).
 */
@ApplicationScoped
public class StripeInvoicing {
    @Inject PaymentGateway gateway;
    @Inject InvoiceStore store;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    public Uni<Void> push(String invoiceId, int daysUntilDue, String actor) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.stripeWork(s, invoiceId)))
                .chain(work -> customer(work)
                        .chain(customerId -> draft(work, customerId, daysUntilDue, actor)
                                .chain(stripeInvoiceId -> items(work, customerId, stripeInvoiceId)
                                        .chain(() -> finalizeAtStripe(work, stripeInvoiceId, actor)))));
    }

    private Uni<String> customer(InvoiceStore.StripeWork work) {
        if (work.stripeCustomerId() != null) return Uni.createFrom().item(work.stripeCustomerId());
        CustomerRequest request = new CustomerRequest(work.tenantId(), work.tenantId(), null, Map.of());
        return Blocking.call(() -> gateway.ensureCustomer(request, IdempotencyKey.of("customer", work.tenantId())))
                .chain(customer -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> store.recordCustomer(s, work.tenantId(), customer.id(), clock.instant()))));
    }

    private Uni<String> draft(InvoiceStore.StripeWork work, String customerId, int daysUntilDue, String actor) {
        if (work.stripeInvoiceId() != null) return Uni.createFrom().item(work.stripeInvoiceId());
        InvoiceRequest request = new InvoiceRequest(customerId, work.total().currency(),
                "GPU capacity " + work.period() + " (Capacity Broker invoice " + work.invoiceId() + ")", daysUntilDue,
                Map.of("invoice_id", work.invoiceId(), "tenant_id", work.tenantId(), "period", work.period()));
        return Blocking.call(() -> gateway.createInvoice(request, IdempotencyKey.of("invoice", work.invoiceId())))
                .chain(created -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> store.recordStripeInvoice(s, work.invoiceId(), customerId, created.id(), created.status())
                                .chain(() -> audit.record(s, DocumentType.INVOICE, work.invoiceId(), "STRIPE_DRAFT_CREATED",
                                        actor, "Stripe invoice " + created.id() + " for customer " + customerId))))
                        .replaceWith(created.id()));
    }

    private Uni<Void> items(InvoiceStore.StripeWork work, String customerId, String stripeInvoiceId) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (InvoiceStore.PendingLine line : work.lines()) {
            InvoiceItemRequest request = new InvoiceItemRequest(customerId, stripeInvoiceId, Amount.of(line.amount()),
                    line.kind() + " " + line.quantity().toPlainString() + " GPU-h x " + line.unitPrice().toPlainString() + " "
                            + line.amount().currency().getCurrencyCode() + ", reservation " + line.reservationId(),
                    Map.of("invoice_id", work.invoiceId(), "invoice_line_id", line.id()));
            chain = chain.chain(() -> Blocking.call(() -> gateway.addInvoiceItem(request, IdempotencyKey.of("invoice-item", line.id())))
                    .chain(item -> Panache.withTransaction(() -> Panache.getSession()
                            .chain(s -> store.recordInvoiceItem(s, line.id(), item.id())))).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> finalizeAtStripe(InvoiceStore.StripeWork work, String stripeInvoiceId, String actor) {
        return Blocking.call(() -> gateway.finalizeInvoice(stripeInvoiceId, IdempotencyKey.of("invoice-finalize", work.invoiceId())))
                .chain(finalized -> {
                    requireSameTotal(work, finalized);
                    return Panache.withTransaction(() -> Panache.getSession()
                            .chain(s -> store.recordFinalized(s, work.invoiceId(), finalized.status(), finalized.number(), clock.instant())
                                    .chain(() -> audit.record(s, DocumentType.INVOICE, work.invoiceId(), "STRIPE_FINALIZED", actor,
                                            "Stripe invoice " + finalized.id() + " number " + finalized.number() + ", "
                                                    + finalized.status()))));
                });
    }

    /** Stripe's total is the sum of the items the broker sent; anything else is a bug to stop at, not to bill. */
    private static void requireSameTotal(InvoiceStore.StripeWork work, StripeInvoice finalized) {
        Amount expected = Amount.of(work.total());
        if (!expected.equals(finalized.total())) {
            throw new IllegalStateException("Stripe invoice " + finalized.id() + " totals " + finalized.total()
                    + " but invoice " + work.invoiceId() + " totals " + expected);
        }
    }
}

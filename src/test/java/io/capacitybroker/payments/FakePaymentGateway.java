package io.capacitybroker.payments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-memory {@link PaymentGateway} for fast unit tests of billing code, held to the same
 * {@link PaymentGatewayContractTest} as the Stripe adapter: same idempotency rules (replay, conflict,
 * validation failures not remembered, declines remembered), same errors.
 */
public class FakePaymentGateway implements PaymentGateway {
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Saved> keys = new HashMap<>();
    private final Map<String, Customer> customers = new HashMap<>();
    private final Map<String, Invoice> invoices = new HashMap<>();
    private final Map<String, Integer> created = new HashMap<>();
    private final Set<String> declining = new HashSet<>();

    private record Saved(String operation, Object request, Object result) {}

    private record Customer(String id, CustomerRequest request) {}

    private static final class Invoice {
        final String id;
        final InvoiceRequest request;
        final List<StripeInvoiceItem> items = new ArrayList<>();
        String status = "draft";
        String number;

        Invoice(String id, InvoiceRequest request) {
            this.id = id;
            this.request = request;
        }

        Amount total() {
            return new Amount(items.stream().mapToLong(i -> i.amount().minorUnits()).sum(), request.currency());
        }

        StripeInvoice view() {
            Amount total = total();
            Amount due = "paid".equals(status) ? new Amount(total.minorUnits(), total.currency()) : total;
            return new StripeInvoice(id, request.customerId(), status, number, total, due);
        }
    }

    public synchronized void declinePaymentsOf(String customerId) {
        declining.add(customerId);
    }

    public synchronized int created(String objectType) {
        return created.getOrDefault(objectType, 0);
    }

    @Override
    public synchronized StripeCustomer ensureCustomer(CustomerRequest request, IdempotencyKey key) {
        return once(key, "POST /v1/customers", request, () -> {
            String id = newId("customer", "cus_");
            customers.put(id, new Customer(id, request));
            return new StripeCustomer(id);
        });
    }

    @Override
    public synchronized StripeInvoice createInvoice(InvoiceRequest request, IdempotencyKey key) {
        return once(key, "POST /v1/invoices", request, () -> {
            requireCustomer(request.customerId());
            Invoice invoice = new Invoice(newId("invoice", "in_"), request);
            invoices.put(invoice.id, invoice);
            return invoice.view();
        });
    }

    @Override
    public synchronized StripeInvoiceItem addInvoiceItem(InvoiceItemRequest request, IdempotencyKey key) {
        return once(key, "POST /v1/invoiceitems", request, () -> {
            requireCustomer(request.customerId());
            Invoice invoice = invoices.get(request.invoiceId());
            if (invoice == null) throw invalid("resource_missing", "No such invoice: '" + request.invoiceId() + "'", "invoice");
            if (!"draft".equals(invoice.status)) throw invalid("invoice_not_editable", "only draft invoices take items", "invoice");
            if (!invoice.request.customerId().equals(request.customerId())) {
                throw invalid(null, "the invoice belongs to a different customer", "invoice");
            }
            if (!invoice.request.currency().equals(request.amount().currency())) {
                throw invalid(null, "an item's currency must match its invoice's", "currency");
            }
            StripeInvoiceItem item = new StripeInvoiceItem(newId("invoiceitem", "ii_"), invoice.id, request.amount());
            invoice.items.add(item);
            return item;
        });
    }

    @Override
    public synchronized StripeInvoice finalizeInvoice(String invoiceId, IdempotencyKey key) {
        return once(key, "POST /v1/invoices/" + invoiceId + "/finalize", invoiceId, () -> {
            Invoice invoice = requireInvoice(invoiceId);
            if (!"draft".equals(invoice.status)) throw invalid("invoice_not_editable", "already finalized", null);
            invoice.status = invoice.total().minorUnits() == 0 ? "paid" : "open";
            invoice.number = "FAKE-" + String.format("%04d", sequence.incrementAndGet());
            return invoice.view();
        });
    }

    @Override
    public synchronized StripeInvoice payInvoice(String invoiceId, IdempotencyKey key) {
        return once(key, "POST /v1/invoices/" + invoiceId + "/pay", invoiceId, () -> {
            Invoice invoice = requireInvoice(invoiceId);
            if (!"open".equals(invoice.status)) throw invalid("invoice_unexpected_state", "invoice is " + invoice.status, null);
            if (declining.contains(invoice.request.customerId())) {
                // Returned, not thrown: a decline happened at the provider, so it is remembered for the key.
                return new PaymentDeclinedException("Your card was declined.", "card_declined", "generic_decline", null, null);
            }
            invoice.status = "paid";
            return invoice.view();
        });
    }

    @Override
    public synchronized StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key) {
        return once(key, "POST /v1/transfers", request, () -> {
            if (!request.destinationAccount().matches("acct_[A-Za-z0-9]+")) {
                throw invalid("resource_missing", "No such destination: '" + request.destinationAccount() + "'", "destination");
            }
            return new StripeTransfer(newId("transfer", "tr_"), request.destinationAccount(), request.amount());
        });
    }

    /** Runs {@code work} once per key; a validation failure (thrown) leaves the key unused, as at Stripe. */
    @SuppressWarnings("unchecked")
    private <T> T once(IdempotencyKey key, String operation, Object request, Supplier<Object> work) {
        Saved saved = keys.get(key.value());
        if (saved == null) {
            saved = new Saved(operation, request, work.get());
            keys.put(key.value(), saved);
        } else if (!saved.operation().equals(operation) || !Objects.equals(saved.request(), request)) {
            throw new IdempotencyConflictException("key " + key + " was used for another request", key, null, null);
        }
        if (saved.result() instanceof PaymentGatewayException e) {
            throw e;
        }
        return (T) saved.result();
    }

    private void requireCustomer(String id) {
        if (!customers.containsKey(id)) throw invalid("resource_missing", "No such customer: '" + id + "'", "customer");
    }

    private Invoice requireInvoice(String id) {
        Invoice invoice = invoices.get(id);
        if (invoice == null) throw new InvalidPaymentRequestException("No such invoice: '" + id + "'", "resource_missing", null, null, 404, null);
        return invoice;
    }

    private String newId(String type, String prefix) {
        created.merge(type, 1, Integer::sum);
        return prefix + "fake" + sequence.incrementAndGet();
    }

    private static InvalidPaymentRequestException invalid(String code, String message, String param) {
        return new InvalidPaymentRequestException(message, code, param, null, 400, null);
    }
}

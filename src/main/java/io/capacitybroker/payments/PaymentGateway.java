package io.capacitybroker.payments;

import java.util.Currency;
import java.util.Map;
import java.util.Objects;

/**
 * The seam to the payment provider (Stripe in production, the local stand-in in tests and demo
 * runs, {@code FakePaymentGateway} in fast unit tests). Every call is <b>blocking</b> (one or more
 * HTTP round trips): reactive callers run it on a worker thread ({@code platform.vertx.Blocking}).
 *
 * <p>Every call takes an {@link IdempotencyKey} derived from the business id it acts for. Repeating
 * a call with the same key and the same request returns the first call's result and changes
 * nothing; the same key with a different request fails with {@link IdempotencyConflictException}.
 * Errors are {@link PaymentGatewayException}s: {@link PaymentDeclinedException},
 * {@link InvalidPaymentRequestException}, {@link IdempotencyConflictException},
 * {@link PaymentGatewayUnavailableException} (retry later with the same key) and
 * {@link PaymentGatewayMisconfiguredException}.
 *
 * <p>Order of an invoice: {@link #createInvoice} (a draft), {@link #addInvoiceItem} for each line
 * (attached to that draft), {@link #finalizeInvoice}; optionally {@link #payInvoice} to collect at
 * once instead of waiting for Stripe's automatic collection. Outcomes arrive later as webhooks.
 */
public interface PaymentGateway {

    /** Creates the tenant's customer; with the same key, returns the same customer. */
    StripeCustomer ensureCustomer(CustomerRequest request, IdempotencyKey key);

    /** A draft invoice that collects nothing until it is finalized. */
    StripeInvoice createInvoice(InvoiceRequest request, IdempotencyKey key);

    /** One line on a draft invoice, in the invoice's currency. */
    StripeInvoiceItem addInvoiceItem(InvoiceItemRequest request, IdempotencyKey key);

    /** Draft to open: numbered, totals fixed, collectable. An invoice of zero total is paid at once. */
    StripeInvoice finalizeInvoice(String invoiceId, IdempotencyKey key);

    /** Charges the customer's default payment method now; {@link PaymentDeclinedException} if refused. */
    StripeInvoice payInvoice(String invoiceId, IdempotencyKey key);

    /** Moves money from the platform balance to a partner's connected account (Stripe Connect). */
    StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key);

    // --- requests ---------------------------------------------------------------------------

    /** {@code metadata} goes to Stripe as is, plus {@code tenant_id}. */
    record CustomerRequest(String tenantId, String name, String email, Map<String, String> metadata) {
        public CustomerRequest {
            requireText(tenantId, "tenantId");
            metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        }
    }

    /**
     * {@code daysUntilDue} null: Stripe charges the customer's default payment method
     * ({@code charge_automatically}); otherwise Stripe sends the invoice, payable within that many days.
     */
    record InvoiceRequest(String customerId, Currency currency, String description, Integer daysUntilDue,
                          Map<String, String> metadata) {
        public InvoiceRequest {
            requireText(customerId, "customerId");
            Objects.requireNonNull(currency, "currency");
            if (daysUntilDue != null && daysUntilDue < 0) {
                throw new IllegalArgumentException("daysUntilDue must not be negative");
            }
            metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        }
    }

    record InvoiceItemRequest(String customerId, String invoiceId, Amount amount, String description,
                              Map<String, String> metadata) {
        public InvoiceItemRequest {
            requireText(customerId, "customerId");
            requireText(invoiceId, "invoiceId");
            Objects.requireNonNull(amount, "amount");
            metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        }
    }

    /** {@code transferGroup} ties the transfer to what it pays for (e.g. the statement id); may be null. */
    record TransferRequest(String destinationAccount, Amount amount, String transferGroup, String description,
                           Map<String, String> metadata) {
        public TransferRequest {
            requireText(destinationAccount, "destinationAccount");
            Objects.requireNonNull(amount, "amount");
            if (amount.minorUnits() <= 0) {
                throw new IllegalArgumentException("a transfer amount must be positive: " + amount);
            }
            metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
        }
    }

    // --- results: the Stripe ids and the state the caller needs to record ------------------------

    record StripeCustomer(String id) {}

    /** {@code status}: draft, open, paid, uncollectible or void; {@code number} is null until finalized. */
    record StripeInvoice(String id, String customerId, String status, String number, Amount total, Amount amountDue) {}

    record StripeInvoiceItem(String id, String invoiceId, Amount amount) {}

    record StripeTransfer(String id, String destinationAccount, Amount amount) {}

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

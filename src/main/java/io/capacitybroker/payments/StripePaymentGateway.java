package io.capacitybroker.payments;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceItem;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;
import com.stripe.param.InvoiceItemCreateParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.TransferCreateParams;
import java.util.Locale;

/**
 * {@link PaymentGateway} through stripe-java. Blocking: every method makes HTTP calls on the
 * calling thread (with stripe-java's own retries, which reuse the idempotency key), so reactive
 * code runs it on a worker thread. Stripe's errors become the gateway's exceptions.
 */
public class StripePaymentGateway implements PaymentGateway {
    static final String TENANT_ID_METADATA = "tenant_id";

    private final StripeClient stripe;

    public StripePaymentGateway(StripeClient stripe) {
        this.stripe = stripe;
    }

    public static StripePaymentGateway create(String apiKey, String apiBase, int maxNetworkRetries,
                                              int connectTimeoutMillis, int readTimeoutMillis) {
        return new StripePaymentGateway(StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setMaxNetworkRetries(maxNetworkRetries)
                .setConnectTimeout(connectTimeoutMillis)
                .setReadTimeout(readTimeoutMillis)
                .build());
    }

    @Override
    public StripeCustomer ensureCustomer(CustomerRequest request, IdempotencyKey key) {
        CustomerCreateParams params = CustomerCreateParams.builder()
                .setName(request.name())
                .setEmail(request.email())
                .putAllMetadata(request.metadata())
                .putMetadata(TENANT_ID_METADATA, request.tenantId())
                .build();
        return call(key, () -> new StripeCustomer(stripe.v1().customers().create(params, options(key)).getId()));
    }

    @Override
    public StripeInvoice createInvoice(InvoiceRequest request, IdempotencyKey key) {
        InvoiceCreateParams.Builder params = InvoiceCreateParams.builder()
                .setCustomer(request.customerId())
                .setCurrency(request.currency().getCurrencyCode().toLowerCase(Locale.ROOT))
                .setDescription(request.description())
                // Items are attached to this invoice explicitly; never sweep in stray pending items.
                .setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.EXCLUDE)
                .setAutoAdvance(false)
                .putAllMetadata(request.metadata());
        if (request.daysUntilDue() == null) {
            params.setCollectionMethod(InvoiceCreateParams.CollectionMethod.CHARGE_AUTOMATICALLY);
        } else {
            params.setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
                    .setDaysUntilDue(request.daysUntilDue().longValue());
        }
        return call(key, () -> invoice(stripe.v1().invoices().create(params.build(), options(key))));
    }

    @Override
    public StripeInvoiceItem addInvoiceItem(InvoiceItemRequest request, IdempotencyKey key) {
        InvoiceItemCreateParams params = InvoiceItemCreateParams.builder()
                .setCustomer(request.customerId())
                .setInvoice(request.invoiceId())
                .setAmount(request.amount().minorUnits())
                .setCurrency(request.amount().stripeCurrency())
                .setDescription(request.description())
                .putAllMetadata(request.metadata())
                .build();
        return call(key, () -> {
            InvoiceItem item = stripe.v1().invoiceItems().create(params, options(key));
            return new StripeInvoiceItem(item.getId(), item.getInvoice(), Amount.of(item.getAmount(), item.getCurrency()));
        });
    }

    @Override
    public StripeInvoice finalizeInvoice(String invoiceId, IdempotencyKey key) {
        // auto_advance: Stripe then collects by itself (charge or send), and reports by webhook.
        InvoiceFinalizeInvoiceParams params = InvoiceFinalizeInvoiceParams.builder().setAutoAdvance(true).build();
        return call(key, () -> invoice(stripe.v1().invoices().finalizeInvoice(invoiceId, params, options(key))));
    }

    @Override
    public StripeInvoice payInvoice(String invoiceId, IdempotencyKey key) {
        return call(key, () -> invoice(stripe.v1().invoices().pay(invoiceId, InvoicePayParams.builder().build(), options(key))));
    }

    @Override
    public StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key) {
        TransferCreateParams params = TransferCreateParams.builder()
                .setDestination(request.destinationAccount())
                .setAmount(request.amount().minorUnits())
                .setCurrency(request.amount().stripeCurrency())
                .setTransferGroup(request.transferGroup())
                .setDescription(request.description())
                .putAllMetadata(request.metadata())
                .build();
        return call(key, () -> {
            Transfer transfer = stripe.v1().transfers().create(params, options(key));
            return new StripeTransfer(transfer.getId(), transfer.getDestination(),
                    Amount.of(transfer.getAmount(), transfer.getCurrency()));
        });
    }

    private static RequestOptions options(IdempotencyKey key) {
        return RequestOptions.builder().setIdempotencyKey(key.value()).build();
    }

    private static StripeInvoice invoice(Invoice invoice) {
        return new StripeInvoice(invoice.getId(), invoice.getCustomer(), invoice.getStatus(), invoice.getNumber(),
                Amount.of(invoice.getTotal(), invoice.getCurrency()), Amount.of(invoice.getAmountDue(), invoice.getCurrency()));
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T run() throws StripeException;
    }

    private static <T> T call(IdempotencyKey key, StripeCall<T> work) {
        try {
            return work.run();
        } catch (StripeException e) {
            throw translate(e, key);
        } catch (com.stripe.exception.ApiKeyMissingException e) {
            throw new PaymentGatewayMisconfiguredException("no Stripe API key configured (broker.stripe.api-key)", null, null, e);
        }
    }

    /** Stripe's error types, mapped to what the caller can do about them. */
    static PaymentGatewayException translate(StripeException e, IdempotencyKey key) {
        String message = "Stripe: " + (e.getStripeError() != null && e.getStripeError().getMessage() != null
                ? e.getStripeError().getMessage() : e.getMessage());
        if (e instanceof CardException card) {
            return new PaymentDeclinedException(message, card.getCode(), card.getDeclineCode(), e.getRequestId(), e);
        }
        if (e instanceof IdempotencyException) {
            return new IdempotencyConflictException(message + " (key " + key + ")", key, e.getRequestId(), e);
        }
        if (e instanceof RateLimitException) {
            return new PaymentGatewayUnavailableException(message, e.getCode(), e.getRequestId(), e.getStatusCode(), e);
        }
        if (e instanceof InvalidRequestException invalid) {
            return new InvalidPaymentRequestException(message, invalid.getCode(), invalid.getParam(), e.getRequestId(),
                    e.getStatusCode(), e);
        }
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            return new PaymentGatewayMisconfiguredException(message, e.getRequestId(), e.getStatusCode(), e);
        }
        if (e instanceof ApiConnectionException || e instanceof ApiException) {
            return new PaymentGatewayUnavailableException(message, e.getCode(), e.getRequestId(), e.getStatusCode(), e);
        }
        // Anything else (a new error type, OAuth errors): the call's effect is unknown; the key makes a retry safe.
        return new PaymentGatewayUnavailableException(message, e.getCode(), e.getRequestId(), e.getStatusCode(), e);
    }
}

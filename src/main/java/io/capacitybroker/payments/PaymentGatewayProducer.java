package io.capacitybroker.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The broker's {@link PaymentGateway}: stripe-java against {@code broker.stripe.api-base}. Created
 * on first use, so the broker starts without Stripe settings; a call then fails with
 * {@link PaymentGatewayMisconfiguredException} naming the missing setting.
 */
@ApplicationScoped
public class PaymentGatewayProducer {

    @Produces
    @ApplicationScoped
    PaymentGateway paymentGateway(StripeConfig config) {
        return config.apiKey()
                .<PaymentGateway>map(key -> StripePaymentGateway.create(key, config.apiBase(), config.maxNetworkRetries(),
                        (int) config.connectTimeout().toMillis(), (int) config.readTimeout().toMillis()))
                .orElseGet(NotConfigured::new);
    }

    /** For {@code POST /webhooks/stripe}; fails on first use when no webhook secret is set. */
    @Produces
    @ApplicationScoped
    StripeWebhookVerifier webhookVerifier(StripeConfig config, Clock clock) {
        return new StripeWebhookVerifier(config.webhookSecret().orElse(null), config.webhookTolerance(), clock);
    }

    /** Stands in when no API key is set: every call says so. */
    static final class NotConfigured implements PaymentGateway {
        private static PaymentGatewayMisconfiguredException missing() {
            return new PaymentGatewayMisconfiguredException(
                    "Stripe is not configured: set broker.stripe.api-key (BROKER_STRIPE_API_KEY)", null, null, null);
        }

        @Override public StripeCustomer ensureCustomer(CustomerRequest request, IdempotencyKey key) { throw missing(); }
        @Override public StripeInvoice createInvoice(InvoiceRequest request, IdempotencyKey key) { throw missing(); }
        @Override public StripeInvoiceItem addInvoiceItem(InvoiceItemRequest request, IdempotencyKey key) { throw missing(); }
        @Override public StripeInvoice finalizeInvoice(String invoiceId, IdempotencyKey key) { throw missing(); }
        @Override public StripeInvoice payInvoice(String invoiceId, IdempotencyKey key) { throw missing(); }
        @Override public StripeTransfer createTransfer(TransferRequest request, IdempotencyKey key) { throw missing(); }
    }
}

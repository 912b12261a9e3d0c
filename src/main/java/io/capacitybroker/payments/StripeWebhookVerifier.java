package io.capacitybroker.payments;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.time.Clock;
import java.time.Duration;

/**
 * Checks a webhook's {@code Stripe-Signature} (HMAC-SHA256 of {@code timestamp.payload} with the
 * endpoint secret) and its age, then parses the event. The webhook endpoint calls this before it
 * looks at anything else in the request.
 */
public class StripeWebhookVerifier {
    private final String secret;
    private final Duration tolerance;
    private final Clock clock;

    public StripeWebhookVerifier(String secret, Duration tolerance, Clock clock) {
        if (secret == null || secret.isBlank()) {
            throw new PaymentGatewayMisconfiguredException(
                    "no webhook signing secret configured (broker.stripe.webhook-secret)", null, null, null);
        }
        this.secret = secret;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** The event, if the signature is valid and not older than the tolerance; otherwise {@link InvalidSignature}. */
    public Event verify(String payload, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new InvalidSignature("no Stripe-Signature header", null);
        }
        try {
            return Webhook.constructEvent(payload, signatureHeader, secret, tolerance.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            throw new InvalidSignature(e.getMessage(), e);
        } catch (RuntimeException e) { // gson parse errors: gson is only on the runtime classpath
            throw new InvalidSignature("signed payload is not a Stripe event", e);
        }
    }

    /** Not from Stripe, altered, or too old: answer 400 and change nothing. */
    public static class InvalidSignature extends RuntimeException {
        public InvalidSignature(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

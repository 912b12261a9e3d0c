package io.capacitybroker.payments;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how the broker talks to Stripe. The run command and the tests point {@code api-base}
 * at the local stand-in; with real test-mode keys it stays at Stripe (README, ADR 0008).
 */
@ConfigMapping(prefix = "broker.stripe")
public interface StripeConfig {
    /** A secret key ({@code sk_test_...} or a restricted {@code rk_test_...}); absent means no Stripe. */
    Optional<String> apiKey();

    @WithDefault("https://api.stripe.com")
    String apiBase();

    /** The endpoint's signing secret ({@code whsec_...}) that webhooks are verified with. */
    Optional<String> webhookSecret();

    /** How old a webhook's signed timestamp may be; Stripe's libraries default to 5 minutes. */
    @WithDefault("5M")
    Duration webhookTolerance();

    /** stripe-java's own retries of network errors, 409, 429 and 5xx, with the same idempotency key. */
    @WithDefault("2")
    int maxNetworkRetries();

    @WithDefault("10S")
    Duration connectTimeout();

    @WithDefault("40S")
    Duration readTimeout();
}

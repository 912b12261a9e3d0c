package io.capacitybroker.testsupport;

import io.capacitybroker.stripe.standin.StripeStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The local Stripe stand-in for {@code @QuarkusTest}s that call Stripe: started in this JVM on a
 * free loopback port with a fresh {@code sk_test_} key and webhook secret, which it hands to the
 * broker as {@code broker.stripe.*}. Not global: the broker starts without Stripe, so only the tests
 * that need it pay for it ({@code @QuarkusTestResource(value = StripeStandInTestResource.class,
 * restrictToAnnotatedClass = true)}). Test code reaches the stand-in over HTTP through
 * {@link StripeStandInClient}, because Quarkus loads test classes in another class loader.
 */
public class StripeStandInTestResource implements QuarkusTestResourceLifecycleManager {
    static final String PROP_API_BASE = "capacitybroker.test.stripe.api-base";
    static final String PROP_WEBHOOK_SECRET = "capacitybroker.test.stripe.webhook-secret";

    private StripeStandIn standIn;

    @Override
    public Map<String, String> start() {
        standIn = StripeStandIn.start();
        System.setProperty(PROP_API_BASE, standIn.baseUrl());
        System.setProperty(PROP_WEBHOOK_SECRET, standIn.webhookSecret());
        return Map.of(
                "broker.stripe.api-base", standIn.baseUrl(),
                "broker.stripe.api-key", standIn.apiKey(),
                "broker.stripe.webhook-secret", standIn.webhookSecret(),
                // One request per call, so request counts at the stand-in are exact.
                "broker.stripe.max-network-retries", "0");
    }

    @Override
    public void stop() {
        if (standIn != null) {
            System.clearProperty(PROP_API_BASE);
            System.clearProperty(PROP_WEBHOOK_SECRET);
            standIn.close();
            standIn = null;
        }
    }
}

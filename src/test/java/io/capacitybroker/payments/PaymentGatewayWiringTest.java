package io.capacitybroker.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.payments.PaymentGateway.CustomerRequest;
import io.capacitybroker.stripe.standin.StripeStandIn;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.StripeStandInClient;
import io.capacitybroker.testsupport.StripeStandInTestResource;
import io.capacitybroker.testsupport.TestClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The broker's beans, configured by {@code broker.stripe.*}, reach the stand-in the test resource started. */
@QuarkusTest
@QuarkusTestResource(value = StripeStandInTestResource.class, restrictToAnnotatedClass = true)
class PaymentGatewayWiringTest extends BrokerTest {
    @Inject PaymentGateway gateway;
    @Inject StripeWebhookVerifier verifier;

    @Test
    void the_injected_gateway_creates_the_customer_at_the_stand_in_once() {
        String tenant = "tenant-" + UUID.randomUUID();
        int before = StripeStandInClient.created("customer");

        var first = gateway.ensureCustomer(new CustomerRequest(tenant, "Wired", null, Map.of()), IdempotencyKey.of("customer", tenant));
        var again = gateway.ensureCustomer(new CustomerRequest(tenant, "Wired", null, Map.of()), IdempotencyKey.of("customer", tenant));

        assertThat(again).isEqualTo(first);
        assertThat(StripeStandInClient.created("customer")).isEqualTo(before + 1);
    }

    @Test
    void the_webhook_verifier_uses_the_configured_secret_and_the_brokers_clock() {
        String payload = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":{}}}";
        long brokerNow = TestClock.START.getEpochSecond();

        assertThat(verifier.verify(payload, StripeStandIn.signatureHeader(payload, brokerNow,
                StripeStandInClient.webhookSecret())).getId()).isEqualTo("evt_1");
        assertThatThrownBy(() -> verifier.verify(payload, StripeStandIn.signatureHeader(payload, brokerNow - 3600,
                StripeStandInClient.webhookSecret()))).isInstanceOf(StripeWebhookVerifier.InvalidSignature.class);
    }
}

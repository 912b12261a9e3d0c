package io.capacitybroker.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capacitybroker.payments.PaymentGateway.CustomerRequest;
import io.capacitybroker.payments.PaymentGateway.StripeCustomer;
import io.capacitybroker.stripe.standin.StripeStandIn;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real adapter (stripe-java over HTTP) against the local Stripe stand-in: the gateway contract,
 * plus what only a real HTTP client shows (retries that reuse the key, lost answers, wrong keys,
 * nothing listening).
 */
class StripePaymentGatewayTest extends PaymentGatewayContractTest {
    private static StripeStandIn standIn;

    @BeforeAll
    static void startStandIn() {
        standIn = StripeStandIn.start();
    }

    @AfterAll
    static void stopStandIn() {
        standIn.close();
    }

    /** No client retries, so each call is exactly one request at the stand-in. */
    @Override
    protected PaymentGateway gateway() {
        return StripePaymentGateway.create(standIn.apiKey(), standIn.baseUrl(), 0, 2_000, 10_000);
    }

    @Override
    protected void declinePaymentsOf(String customerId) {
        standIn.declinePaymentsOf(customerId);
    }

    @Override
    protected int created(String objectType) {
        return standIn.created(objectType);
    }

    private static CustomerRequest tenant(String tenantId) {
        return new CustomerRequest(tenantId, "Tenant " + tenantId, null, Map.of());
    }

    @Test
    void a_repeated_call_is_answered_by_the_stand_in_as_a_replay() {
        int replays = standIn.replayCounts().getOrDefault("POST /v1/customers", 0);
        IdempotencyKey key = IdempotencyKey.of("customer", "replayed-tenant");

        gateway.ensureCustomer(tenant("replayed-tenant"), key);
        gateway.ensureCustomer(tenant("replayed-tenant"), key);

        assertThat(standIn.replayCounts().get("POST /v1/customers")).isEqualTo(replays + 1);
    }

    @Test
    void an_answer_lost_after_stripe_acted_is_retried_by_stripe_java_with_the_same_key_and_nothing_is_duplicated() {
        PaymentGateway retrying = StripePaymentGateway.create(standIn.apiKey(), standIn.baseUrl(), 2, 2_000, 10_000);
        int customers = standIn.created("customer");
        standIn.failNext(1, 500, true);

        StripeCustomer customer = retrying.ensureCustomer(tenant("lost-answer"), IdempotencyKey.of("customer", "lost-answer"));

        assertThat(customer.id()).startsWith("cus_");
        assertThat(standIn.created("customer")).isEqualTo(customers + 1);
        // And a rerun by the broker after a crash still finds the same customer.
        assertThat(gateway.ensureCustomer(tenant("lost-answer"), IdempotencyKey.of("customer", "lost-answer")))
                .isEqualTo(customer);
    }

    @Test
    void stripe_failing_beyond_the_retries_is_unavailable_and_retryable() {
        standIn.failNext(1, 503, false);

        assertThatThrownBy(() -> gateway.ensureCustomer(tenant("outage"), IdempotencyKey.of("customer", "outage")))
                .isInstanceOfSatisfying(PaymentGatewayUnavailableException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
        // Nothing ran, so the same key later simply does the work.
        assertThat(gateway.ensureCustomer(tenant("outage"), IdempotencyKey.of("customer", "outage")).id()).startsWith("cus_");
    }

    @Test
    void a_wrong_api_key_is_a_misconfiguration() {
        PaymentGateway wrongKey = StripePaymentGateway.create("sk_test_wrong", standIn.baseUrl(), 0, 2_000, 10_000);

        assertThatThrownBy(() -> wrongKey.ensureCustomer(tenant("x"), IdempotencyKey.of("customer", "x")))
                .isInstanceOfSatisfying(PaymentGatewayMisconfiguredException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                });
    }

    @Test
    void nothing_listening_is_unavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PaymentGateway nowhere = StripePaymentGateway.create(standIn.apiKey(), "http://127.0.0.1:" + closedPort, 0, 1_000, 2_000);

        assertThatThrownBy(() -> nowhere.ensureCustomer(tenant("x"), IdempotencyKey.of("customer", "x")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);
    }
}

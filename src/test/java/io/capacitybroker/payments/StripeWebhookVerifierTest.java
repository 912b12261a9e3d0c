package io.capacitybroker.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.Transfer;
import io.capacitybroker.payments.PaymentGateway.CustomerRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceItemRequest;
import io.capacitybroker.payments.PaymentGateway.InvoiceRequest;
import io.capacitybroker.payments.PaymentGateway.StripeCustomer;
import io.capacitybroker.payments.PaymentGateway.StripeInvoice;
import io.capacitybroker.payments.PaymentGateway.TransferRequest;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.stripe.standin.StripeStandIn;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as the stand-in sends them (signed like Stripe, to a real HTTP endpoint), checked with
 * stripe-java's {@code Webhook.constructEvent} through {@link StripeWebhookVerifier}.
 */
class StripeWebhookVerifierTest {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    record Delivery(String payload, String signature) {}

    private StripeStandIn standIn;
    private HttpServer endpoint;
    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private String url;
    private PaymentGateway gateway;
    private StripeWebhookVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        standIn = StripeStandIn.start();
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        endpoint.createContext("/webhooks/stripe", exchange -> {
            received.add(new Delivery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Stripe-Signature")));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        endpoint.start();
        url = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/webhooks/stripe";
        gateway = StripePaymentGateway.create(standIn.apiKey(), standIn.baseUrl(), 0, 2_000, 10_000);
        verifier = new StripeWebhookVerifier(standIn.webhookSecret(), TOLERANCE, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
        standIn.close();
    }

    private StripeInvoice openInvoice() {
        String run = UUID.randomUUID().toString();
        StripeCustomer customer = gateway.ensureCustomer(new CustomerRequest("acme", "Acme", null, Map.of()),
                IdempotencyKey.of("customer", run));
        StripeInvoice draft = gateway.createInvoice(new InvoiceRequest(customer.id(), PaymentGatewayContractTest.USD,
                "March", null, Map.of()), IdempotencyKey.of("invoice", run));
        gateway.addInvoiceItem(new InvoiceItemRequest(customer.id(), draft.id(), Amount.of(Money.of("42.00", "USD")),
                "GPU hours", Map.of()), IdempotencyKey.of("invoice-item", run));
        return gateway.finalizeInvoice(draft.id(), IdempotencyKey.of("finalize", run));
    }

    private static String eventId(String eventJson) {
        return eventJson.replaceAll("(?s).*\"id\":\"(evt_[A-Za-z0-9]+)\".*", "$1");
    }

    @Test
    void a_signed_invoice_paid_event_verifies_and_parses_into_stripe_javas_invoice() {
        StripeInvoice invoice = openInvoice();
        String eventId = eventId(standIn.createEvent("invoice.paid", invoice.id()));

        assertThat(standIn.deliver(eventId, url)).isEqualTo(200);

        Delivery delivery = received.get(0);
        assertThat(delivery.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        Event event = verifier.verify(delivery.payload(), delivery.signature());
        assertThat(event.getId()).isEqualTo(eventId);
        assertThat(event.getType()).isEqualTo("invoice.paid");
        // Same API version as stripe-java's, so the SDK deserialises the snapshot into its own type.
        Invoice paid = (Invoice) event.getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(paid.getId()).isEqualTo(invoice.id());
        assertThat(paid.getStatus()).isEqualTo("paid");
        assertThat(paid.getAmountPaid()).isEqualTo(4200L);
    }

    @Test
    void a_forged_or_altered_webhook_is_refused() throws Exception {
        StripeInvoice invoice = openInvoice();
        standIn.deliver(eventId(standIn.createEvent("invoice.paid", invoice.id())), url);
        Delivery genuine = received.get(0);
        String altered = genuine.payload().replace("\"amount_paid\":4200", "\"amount_paid\":1");
        long now = Clock.systemUTC().instant().getEpochSecond();
        String otherSecret = StripeStandIn.signatureHeader(genuine.payload(), now, "whsec_attacker");

        assertThat(altered).isNotEqualTo(genuine.payload());
        assertThatThrownBy(() -> verifier.verify(altered, genuine.signature()))
                .isInstanceOf(StripeWebhookVerifier.InvalidSignature.class);
        assertThatThrownBy(() -> verifier.verify(genuine.payload(), otherSecret))
                .isInstanceOf(StripeWebhookVerifier.InvalidSignature.class);
        assertThatThrownBy(() -> verifier.verify(genuine.payload(), null))
                .isInstanceOf(StripeWebhookVerifier.InvalidSignature.class);
    }

    @Test
    void a_signature_older_than_the_tolerance_is_refused_and_one_just_inside_is_accepted() {
        StripeInvoice invoice = openInvoice();
        String eventId = eventId(standIn.createEvent("invoice.paid", invoice.id()));
        long now = Clock.systemUTC().instant().getEpochSecond();

        standIn.deliver(eventId, url, now - TOLERANCE.toSeconds() - 60);
        standIn.deliver(eventId, url, now - TOLERANCE.toSeconds() + 60);

        assertThatThrownBy(() -> verifier.verify(received.get(0).payload(), received.get(0).signature()))
                .isInstanceOf(StripeWebhookVerifier.InvalidSignature.class)
                .hasMessageContaining("tolerance");
        assertThat(verifier.verify(received.get(1).payload(), received.get(1).signature()).getId()).isEqualTo(eventId);
    }

    @Test
    void events_can_be_sent_twice_and_out_of_order_each_with_the_snapshot_of_its_moment() {
        StripeInvoice invoice = openInvoice();
        String failed = eventId(standIn.createEvent("invoice.payment_failed", invoice.id()));
        String paid = eventId(standIn.createEvent("invoice.paid", invoice.id()));

        standIn.deliver(paid, url);
        standIn.deliver(failed, url);
        standIn.deliver(paid, url);

        List<Event> events = received.stream().map(d -> verifier.verify(d.payload(), d.signature())).toList();
        assertThat(events).extracting(Event::getId).containsExactly(paid, failed, paid);
        assertThat(((Invoice) events.get(1).getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
                .isEqualTo("open");
        assertThat(((Invoice) events.get(0).getDataObjectDeserializer().getObject().orElseThrow()).getStatus())
                .isEqualTo("paid");
    }

    @Test
    void transfer_events_carry_the_transfer_and_a_reversal_marks_it_reversed() {
        var transfer = gateway.createTransfer(new TransferRequest("acct_1Partner", Amount.of(Money.of("10.00", "EUR")),
                "stmt-1", null, Map.of()), IdempotencyKey.of("transfer", UUID.randomUUID().toString()));

        standIn.deliver(eventId(standIn.createEvent("transfer.created", transfer.id())), url);
        standIn.deliver(eventId(standIn.createEvent("transfer.reversed", transfer.id())), url);

        Transfer reversed = (Transfer) verifier.verify(received.get(1).payload(), received.get(1).signature())
                .getDataObjectDeserializer().getObject().orElseThrow();
        assertThat(reversed.getId()).isEqualTo(transfer.id());
        assertThat(reversed.getReversed()).isTrue();
        assertThat(reversed.getAmountReversed()).isEqualTo(1000L);
    }
}

package io.capacitybroker.stripe.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.testsupport.TestClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in's wire format, seen with a plain HTTP client the way Stripe documents it. */
class StripeStandInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestClock clock = new TestClock();
    private StripeStandIn standIn;

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

    @BeforeEach
    void start() {
        standIn = StripeStandIn.start("sk_test_wire", "whsec_wire", clock, 0);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private Answer post(String path, String form, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path))
                .header("Authorization", "Bearer sk_test_wire")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        return send(request.build());
    }

    private static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
    }

    private static JsonNode fixture(String type) throws IOException {
        try (InputStream in = StripeStandInTest.class.getResourceAsStream("/stripe-standin/fixtures.json")) {
            return JSON.readTree(in).get("resources").get(type);
        }
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    @Test
    void requests_without_or_with_a_wrong_key_get_401_in_stripes_error_shape() throws Exception {
        Answer none = send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/v1/customers"))
                .POST(HttpRequest.BodyPublishers.ofString("name=x")).build());
        Answer wrong = send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/v1/customers"))
                .header("Authorization", "Bearer sk_test_other1234").POST(HttpRequest.BodyPublishers.ofString("")).build());

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().at("/error/message").asText()).contains("sk_test_****1234");
        assertThat(standIn.created("customer")).isZero();
    }

    @Test
    void a_customer_has_the_fields_of_stripes_own_example_and_nested_metadata() throws Exception {
        Answer customer = post("/v1/customers", "name=Acme%20Corp&metadata[tenant_id]=acme&metadata%5Bregion%5D=eu", null);

        assertThat(customer.status()).isEqualTo(200);
        assertThat(fields(customer.body())).containsExactlyInAnyOrderElementsOf(fields(fixture("customer")));
        assertThat(customer.body().get("object").asText()).isEqualTo("customer");
        assertThat(customer.body().get("id").asText()).matches("cus_[A-Za-z0-9]{14}");
        assertThat(customer.body().get("name").asText()).isEqualTo("Acme Corp");
        assertThat(customer.body().get("metadata").get("tenant_id").asText()).isEqualTo("acme");
        assertThat(customer.body().get("metadata").get("region").asText()).isEqualTo("eu");
        assertThat(customer.body().get("livemode").asBoolean()).isFalse();
        assertThat(customer.raw().headers().firstValue("Request-Id")).hasValueSatisfying(v -> assertThat(v).startsWith("req_"));
    }

    @Test
    void an_invoice_goes_from_draft_to_open_with_its_lines_and_keeps_the_example_shape() throws Exception {
        String customer = post("/v1/customers", "name=Acme", null).body().get("id").asText();
        JsonNode draft = post("/v1/invoices", "customer=" + customer + "&currency=usd", null).body();
        JsonNode item = post("/v1/invoiceitems", "customer=" + customer + "&invoice=" + draft.get("id").asText()
                + "&amount=1234&currency=usd&description=GPU%20hours", null).body();
        Answer open = post("/v1/invoices/" + draft.get("id").asText() + "/finalize", "auto_advance=true", null);

        assertThat(fields(draft)).containsExactlyInAnyOrderElementsOf(fields(fixture("invoice")));
        assertThat(fields(item)).containsExactlyInAnyOrderElementsOf(fields(fixture("invoiceitem")));
        assertThat(draft.get("status").asText()).isEqualTo("draft");
        assertThat(item.get("invoice").asText()).isEqualTo(draft.get("id").asText());
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body().get("status").asText()).isEqualTo("open");
        assertThat(open.body().get("number").asText()).endsWith("-0001");
        assertThat(open.body().get("amount_due").asLong()).isEqualTo(1234);
        assertThat(open.body().at("/lines/data/0/amount").asLong()).isEqualTo(1234);
        assertThat(open.body().at("/status_transitions/finalized_at").asLong()).isEqualTo(TestClock.START.getEpochSecond());
    }

    @Test
    void a_transfer_has_the_fields_of_stripes_own_example() throws Exception {
        Answer transfer = post("/v1/transfers", "amount=500&currency=sgd&destination=acct_1Singtel&transfer_group=stmt-1", null);

        assertThat(transfer.status()).isEqualTo(200);
        assertThat(fields(transfer.body())).containsExactlyInAnyOrderElementsOf(fields(fixture("transfer")));
        assertThat(transfer.body().get("destination").asText()).isEqualTo("acct_1Singtel");
        assertThat(transfer.body().get("transfer_group").asText()).isEqualTo("stmt-1");
    }

    @Test
    void unknown_and_missing_parameters_are_refused_with_the_parameter_named() throws Exception {
        Answer unknown = post("/v1/customers", "name=x&nickname=y", null);
        Answer missing = post("/v1/invoiceitems", "amount=1&currency=usd", null);
        Answer notInteger = post("/v1/transfers", "amount=1.5&currency=usd&destination=acct_1", null);

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().at("/error/code").asText()).isEqualTo("parameter_unknown");
        assertThat(unknown.body().at("/error/param").asText()).isEqualTo("nickname");
        assertThat(missing.body().at("/error/code").asText()).isEqualTo("parameter_missing");
        assertThat(missing.body().at("/error/param").asText()).isEqualTo("customer");
        assertThat(notInteger.body().at("/error/code").asText()).isEqualTo("parameter_invalid_integer");
    }

    @Test
    void the_same_key_and_parameters_replay_the_first_answer_and_other_parameters_are_an_idempotency_error() throws Exception {
        Answer first = post("/v1/customers", "name=Acme&metadata[tenant_id]=acme", "cb:customer:acme");
        // Same parameters in another order are the same request.
        Answer again = post("/v1/customers", "metadata[tenant_id]=acme&name=Acme", "cb:customer:acme");
        Answer other = post("/v1/customers", "name=Globex", "cb:customer:acme");
        Answer otherEndpoint = post("/v1/transfers", "amount=1&currency=usd&destination=acct_1", "cb:customer:acme");

        assertThat(again.raw().body()).isEqualTo(first.raw().body());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().at("/error/type").asText()).isEqualTo("idempotency_error");
        assertThat(otherEndpoint.body().at("/error/type").asText()).isEqualTo("idempotency_error");
        assertThat(standIn.created("customer")).isEqualTo(1);
        assertThat(standIn.requestCounts()).containsEntry("POST /v1/customers", 3);
        assertThat(standIn.replayCounts()).containsEntry("POST /v1/customers", 1);
    }

    @Test
    void a_request_that_failed_validation_does_not_use_up_its_key() throws Exception {
        Answer invalid = post("/v1/transfers", "amount=100&currency=usd", "cb:transfer:stmt-9");
        Answer valid = post("/v1/transfers", "amount=100&currency=usd&destination=acct_1Eu", "cb:transfer:stmt-9");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.raw().headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void keys_are_forgotten_after_stripes_24_hours_so_a_late_rerun_creates_a_duplicate() throws Exception {
        String first = post("/v1/customers", "name=Acme", "cb:customer:acme").body().get("id").asText();
        clock.advance(Duration.ofHours(25));
        String late = post("/v1/customers", "name=Acme", "cb:customer:acme").body().get("id").asText();

        assertThat(late).isNotEqualTo(first);
        assertThat(standIn.created("customer")).isEqualTo(2);
    }

    @Test
    void a_declined_charge_is_a_402_card_error_and_is_replayed_for_its_key() throws Exception {
        String customer = post("/v1/customers", "name=Broke", null).body().get("id").asText();
        String invoice = post("/v1/invoices", "customer=" + customer + "&currency=eur", null).body().get("id").asText();
        post("/v1/invoiceitems", "customer=" + customer + "&invoice=" + invoice + "&amount=100&currency=eur", null);
        post("/v1/invoices/" + invoice + "/finalize", "", null);
        standIn.declinePaymentsOf(customer);

        Answer declined = post("/v1/invoices/" + invoice + "/pay", "", "cb:pay:1");
        Answer replayed = post("/v1/invoices/" + invoice + "/pay", "", "cb:pay:1");

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.body().at("/error/type").asText()).isEqualTo("card_error");
        assertThat(declined.body().at("/error/code").asText()).isEqualTo("card_declined");
        assertThat(declined.body().at("/error/decline_code").asText()).isEqualTo("generic_decline");
        assertThat(replayed.status()).isEqualTo(402);
        assertThat(replayed.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    }

    @Test
    void objects_can_be_read_back_and_unknown_ones_and_endpoints_are_404() throws Exception {
        String customer = post("/v1/customers", "name=Acme", null).body().get("id").asText();
        HttpRequest.Builder get = HttpRequest.newBuilder().header("Authorization", "Bearer sk_test_wire");

        Answer found = send(get.uri(URI.create(standIn.baseUrl() + "/v1/customers/" + customer)).GET().build());
        Answer missing = send(get.uri(URI.create(standIn.baseUrl() + "/v1/customers/cus_Nope")).GET().build());
        Answer unknown = post("/v1/charges", "amount=1", null);

        assertThat(found.body().get("id").asText()).isEqualTo(customer);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().at("/error/code").asText()).isEqualTo("resource_missing");
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void the_control_surface_reports_counts_over_http() throws Exception {
        post("/v1/customers", "name=Acme", null);
        Answer stats = send(HttpRequest.newBuilder(URI.create(standIn.baseUrl() + "/_standin/stats")).GET().build());

        assertThat(stats.body().at("/requests/POST ~1v1~1customers").asInt()).isEqualTo(1);
        assertThat(stats.body().at("/created/customer").asInt()).isEqualTo(1);
    }
}

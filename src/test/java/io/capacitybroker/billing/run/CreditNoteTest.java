package io.capacitybroker.billing.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.StripeStandInTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Credit notes against issued invoices, the statements that absorb them, and who may read invoices and statements. */
@QuarkusTest
@QuarkusTestResource(value = StripeStandInTestResource.class, restrictToAnnotatedClass = true)
class CreditNoteTest extends BillingTestSupport {

    @Override
    int firstYear() {
        return 2036;
    }

    /** As finance, with a fresh Idempotency-Key. */
    private RequestSpecification credit() {
        return asFinance().header("Idempotency-Key", unique("key"));
    }

    private List<String> lineIds(String invoiceId) {
        return invoice(invoiceId).getList("lines.id");
    }

    @Test
    void creditNotesBeyondWhatIsLeftAreRefusedAndThoseWithinAreJournalled() {
        ClosedMonth inv = closeAMonth("FR");
        List<String> lineIds = lineIds(inv.invoiceId());
        String path = "/api/v1/invoices/{id}/credit-notes";

        credit().body(Map.of("reason", "too much", "amount", new BigDecimal("39.88"))).post(path, inv.invoiceId())
                .then().statusCode(409).body("type", equalTo("urn:capacity-broker:problem:credit-exceeds-invoice"))
                .body("errors[0].field", equalTo("amount"));
        credit().body(Map.of("reason", "overage disputed", "lines",
                        List.of(Map.of("invoiceLineId", lineIds.get(1), "amount", new BigDecimal("4.70")))))
                .post(path, inv.invoiceId())
                .then().statusCode(409).body("errors[0].field", equalTo("lines[0].amount"));
        credit().body(Map.of("reason", "sub-cent", "amount", new BigDecimal("1.001"))).post(path, inv.invoiceId())
                .then().statusCode(400).body("errors[0].field", equalTo("amount"));
        credit().body(Map.of("reason", "both", "amount", BigDecimal.ONE, "lines",
                        List.of(Map.of("invoiceLineId", lineIds.get(1), "amount", BigDecimal.ONE))))
                .post(path, inv.invoiceId()).then().statusCode(400);
        credit().body(Map.of("amount", BigDecimal.ONE)).post(path, inv.invoiceId()).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));

        credit().body(Map.of("reason", "overage disputed", "lines",
                        List.of(Map.of("invoiceLineId", lineIds.get(1), "amount", new BigDecimal("4.69")))))
                .post(path, inv.invoiceId())
                .then().statusCode(201).body("amount", equalTo(4.69f)).body("lines", hasSize(1));
        credit().body(Map.of("reason", "site outage", "amount", new BigDecimal("35.18"))).post(path, inv.invoiceId())
                .then().statusCode(201);
        credit().body(Map.of("reason", "one cent more", "amount", new BigDecimal("0.01"))).post(path, inv.invoiceId())
                .then().statusCode(409);

        JsonPath invoice = invoice(inv.invoiceId());
        assertThat(invoice.getObject("credited", BigDecimal.class)).isEqualTo(new BigDecimal("39.87"));
        assertThat(invoice.getObject("remaining", BigDecimal.class)).isEqualTo(new BigDecimal("0.00"));
        assertThat(invoice.getObject("total", BigDecimal.class)).isEqualTo(new BigDecimal("39.87")); // never edited
        assertThat(invoice.getList("creditNotes")).hasSize(2);

        // Issued in the month after the invoice's: that month's journal and that month's statement.
        BillingPeriod issuedIn = BillingPeriod.containing(clock.instant());
        JsonPath journal = journal(issuedIn);
        assertThat(journal.getList("entries.kind")).containsExactly("CREDIT_NOTE", "CREDIT_NOTE");
        assertThat(journal.getList("trialBalance.balance", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isZero();

        monthEnds(issuedIn);
        completedRun(issuedIn);
        JsonPath statement = asFinance().queryParam("period", issuedIn.toString())
                .get("/api/v1/partners/{p}/statements", inv.world().partner()).then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertThat(statement.getObject("statements[0].invoiced", BigDecimal.class)).isEqualTo(new BigDecimal("0.00"));
        assertThat(statement.getObject("statements[0].credited", BigDecimal.class)).isEqualTo(new BigDecimal("39.87"));
        assertThat(statement.getObject("statements[0].gross", BigDecimal.class)).isEqualTo(new BigDecimal("-39.87"));
        assertThat(statement.getObject("statements[0].commission", BigDecimal.class)).isEqualTo(new BigDecimal("-3.99"));
        assertThat(statement.getObject("statements[0].net", BigDecimal.class)).isEqualTo(new BigDecimal("-35.88"));
        assertThat(statement.getString("statements[0].payout")).isNull();
        JsonPath nextJournal = journal(issuedIn);
        assertThat(nextJournal.getList("entries.kind")).contains("COMMISSION_EARNED");
        assertThat(nextJournal.getList("trialBalance.balance", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isZero();
    }

    @Test
    void tenantsSeeTheirOwnInvoicesAndPartnersTheirOwnStatements() {
        ClosedMonth inv = closeAMonth("DE");
        World w = inv.world();

        asTenant(w.tenant()).get("/api/v1/invoices/{id}", inv.invoiceId()).then().statusCode(200)
                .body("tenantId", equalTo(w.tenant()));
        asTenant(unique("globex")).get("/api/v1/invoices/{id}", inv.invoiceId()).then().statusCode(404);
        asTenant(w.tenant()).queryParam("tenantId", "someone-else").get("/api/v1/invoices").then().statusCode(200)
                .body("invoices.tenantId", equalTo(List.of(w.tenant())));
        asTenant(unique("globex")).get("/api/v1/invoices").then().statusCode(200).body("invoices", hasSize(0));

        asPartner(w.partner()).get("/api/v1/partners/{p}/statements", w.partner()).then().statusCode(200)
                .body("statements", hasSize(1));
        asPartner(unique("other")).get("/api/v1/partners/{p}/statements", w.partner()).then().statusCode(404);
        asTenant(w.tenant()).header("Idempotency-Key", unique("key")).body(Map.of("reason", "x", "amount", BigDecimal.ONE))
                .post("/api/v1/invoices/{id}/credit-notes", inv.invoiceId()).then().statusCode(403);
        credit().body(Map.of("reason", "x", "amount", BigDecimal.ONE))
                .post("/api/v1/invoices/{id}/credit-notes", "inv_nosuch").then().statusCode(404);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyIssuesNothingNew() {
        ClosedMonth inv = closeAMonth("NL");
        ClosedMonth other = closeAMonth("BE");
        String path = "/api/v1/invoices/{id}/credit-notes";
        String key = unique("retry");
        Map<String, Object> body = Map.of("reason", "site outage", "amount", new BigDecimal("10.00"));

        String first = asFinance().header("Idempotency-Key", key).body(body).post(path, inv.invoiceId())
                .then().statusCode(201).extract().path("id");
        // The retry: 10 and 10.00 are the same amount, so the same request.
        asFinance().header("Idempotency-Key", key).body(Map.of("reason", "site outage", "amount", BigDecimal.TEN))
                .post(path, inv.invoiceId())
                .then().statusCode(200).body("id", equalTo(first)).body("amount", equalTo(10.0f));
        asFinance().header("Idempotency-Key", key).body(Map.of("reason", "site outage", "amount", new BigDecimal("5.00")))
                .post(path, inv.invoiceId())
                .then().statusCode(422).body("type", equalTo("urn:capacity-broker:problem:idempotency-key-reused"));
        asFinance().header("Idempotency-Key", key).body(body).post(path, other.invoiceId())
                .then().statusCode(422).body("type", equalTo("urn:capacity-broker:problem:idempotency-key-reused"));
        asFinance().body(body).post(path, inv.invoiceId())
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));

        // Retries racing each other: they serialise on the invoice, and all but the first find its note.
        String racedKey = unique("race");
        Map<String, Object> raced = Map.of("reason", "goodwill", "amount", new BigDecimal("1.00"));
        List<CompletableFuture<io.restassured.response.Response>> retries = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> asFinance().header("Idempotency-Key", racedKey).body(raced)
                        .post(path, inv.invoiceId())))
                .toList();
        List<Integer> statuses = retries.stream().map(CompletableFuture::join).map(r -> r.statusCode()).toList();
        assertThat(statuses).containsExactlyInAnyOrder(201, 200, 200, 200);
        assertThat(retries.stream().map(CompletableFuture::join).map(r -> r.path("id")).distinct()).hasSize(1);

        JsonPath invoice = invoice(inv.invoiceId());
        assertThat(invoice.getList("creditNotes")).hasSize(2);
        assertThat(invoice.getList("creditNotes.id")).contains(first);
        assertThat(invoice.getObject("credited", BigDecimal.class)).isEqualTo(new BigDecimal("11.00"));
        assertThat(invoice(other.invoiceId()).getList("creditNotes")).isEmpty();
        JsonPath journal = journal(BillingPeriod.containing(clock.instant()));
        assertThat(journal.getList("entries.findAll { it.kind == 'CREDIT_NOTE' }.documentId"))
                .containsExactlyInAnyOrderElementsOf(invoice.getList("creditNotes.id"));
    }
}

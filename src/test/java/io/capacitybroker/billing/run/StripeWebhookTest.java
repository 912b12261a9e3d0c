package io.capacitybroker.billing.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.stripe.standin.StripeStandIn;
import io.capacitybroker.testsupport.StripeStandInClient;
import io.capacitybroker.testsupport.StripeStandInTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /webhooks/stripe with events the stand-in signs: once per event id, in any order, never forged. */
@QuarkusTest
@QuarkusTestResource(value = StripeStandInTestResource.class, restrictToAnnotatedClass = true)
class StripeWebhookTest extends BillingTestSupport {

    @Override
    int firstYear() {
        return 2034;
    }

    /** A closed month with two tenants' invoices of one partner; returns [invoice id, Stripe invoice id] per tenant. */
    private List<String[]> twoInvoices(String country) {
        BillingPeriod period = freshPeriod();
        World w = world(country, H100, "USD", "2.50");
        String otherTenant = unique("bt");
        book(w, w.tenant(), H100, 2, 4);
        book(w, otherTenant, H100, 1, 2);
        monthEnds(period);
        completedRun(period);
        return List.of(w.tenant(), otherTenant).stream().map(tenant -> {
            String id = invoicesOf(tenant, period).getString("invoices[0].id");
            return new String[] {id, invoice(id).getString("stripe.invoiceId")};
        }).toList();
    }

    @Test
    void duplicatedAndReorderedEventsEndInTheRightStateWithOnePayment() {
        List<String[]> invoices = twoInvoices("NL");
        String[] first = invoices.get(0);
        String[] second = invoices.get(1);

        // First invoice: paid, paid again (the same event), then a late payment_failed: stays PAID.
        String failedEarlier = StripeStandInClient.createEvent("invoice.payment_failed", first[1]);
        String paid = StripeStandInClient.createEvent("invoice.paid", first[1]);
        assertThat(deliver(paid)).isEqualTo(200);
        assertThat(deliver(paid)).isEqualTo(200);
        assertThat(deliver(failedEarlier)).isEqualTo(200);
        JsonPath invoice = invoice(first[0]);
        assertThat(invoice.getString("status")).isEqualTo("PAID");
        assertThat(invoice.getString("stripe.status")).isEqualTo("paid");

        // Second invoice: a failed attempt, then paid.
        assertThat(deliver(StripeStandInClient.createEvent("invoice.payment_failed", second[1]))).isEqualTo(200);
        assertThat(invoice(second[0]).getString("status")).isEqualTo("PAYMENT_FAILED");
        assertThat(deliver(StripeStandInClient.createEvent("invoice.paid", second[1]))).isEqualTo(200);
        assertThat(invoice(second[0]).getString("status")).isEqualTo("PAID");

        JsonPath journal = journal(BillingPeriod.parse(invoice.getString("period")).orElseThrow());
        List<String> payments = journal.getList("entries.findAll { it.kind == 'PAYMENT_RECEIVED' }.documentId");
        assertThat(payments).containsExactlyInAnyOrder(first[0], second[0]);
        assertThat(asFinance().queryParam("documentId", first[0]).get("/api/v1/finance/audit").then().statusCode(200)
                .extract().jsonPath().getList("records.action")).containsOnlyOnce("PAID").doesNotContain("PAYMENT_FAILED");
    }

    @Test
    void aRedeliveryIsAnsweredAsADuplicate() {
        String[] invoice = twoInvoices("ES").get(0);
        String paid = StripeStandInClient.createEvent("invoice.paid", invoice[1]);
        String body = webhook(paid);
        assertThat(body).contains("\"outcome\":\"PAID\"");
        assertThat(webhook(paid)).contains("\"outcome\":\"DUPLICATE\"");
    }

    @Test
    void aForgedOrStaleSignatureIsRefusedAndChangesNothing() {
        String[] invoice = twoInvoices("AT").get(0);
        String payload = "{\"id\":\"evt_forged1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"data\":{\"object\":"
                + "{\"id\":\"" + invoice[1] + "\",\"object\":\"invoice\",\"amount_paid\":1}}}";
        long now = clock.instant().getEpochSecond();
        given().contentType(ContentType.JSON).header("Stripe-Signature", StripeStandIn.signatureHeader(payload, now, "whsec_forged"))
                .body(payload).post("/webhooks/stripe")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:capacity-broker:problem:webhook-signature-invalid"))
                .body("errors[0].field", equalTo("Stripe-Signature"));
        given().contentType(ContentType.JSON).body(payload).post("/webhooks/stripe").then().statusCode(400);

        String paid = StripeStandInClient.createEvent("invoice.paid", invoice[1]);
        long stale = clock.instant().minus(Duration.ofMinutes(6)).getEpochSecond();
        assertThat(StripeStandInClient.deliver(paid, webhookUrl(), stale)).isEqualTo(400);
        assertThat(invoice(invoice[0]).getString("status")).isEqualTo("ISSUED");

        // The refused deliveries stored nothing: the genuine, fresh delivery of the same event takes effect.
        assertThat(deliver(paid)).isEqualTo(200);
        assertThat(invoice(invoice[0]).getString("status")).isEqualTo("PAID");
    }

    @Test
    void aReversedTransferReversesThePayoutInTheJournal() {
        BillingPeriod period = freshPeriod();
        World w = world("IT", H100, "USD", "3.00");
        book(w, w.tenant(), H100, 2, 2);
        monthEnds(period);
        completedRun(period);
        JsonPath payout = asFinance().queryParam("partnerId", w.partner()).get("/api/v1/finance/payouts").then().statusCode(200)
                .extract().jsonPath();
        assertThat(payout.getString("payouts[0].status")).isEqualTo("PAID");
        String transfer = payout.getString("payouts[0].stripeTransferId");

        String reversed = StripeStandInClient.createEvent("transfer.reversed", transfer);
        assertThat(deliver(reversed)).isEqualTo(200);
        assertThat(deliver(reversed)).isEqualTo(200);

        assertThat(asFinance().queryParam("partnerId", w.partner()).get("/api/v1/finance/payouts").then().statusCode(200)
                .extract().jsonPath().getString("payouts[0].status")).isEqualTo("REVERSED");
        assertThat(asFinance().queryParam("documentId", w.partner()).get("/api/v1/finance/audit").then().statusCode(200)
                .extract().jsonPath().getList("records.action")).containsExactly("PAYOUT_ACCOUNT_SET");
        JsonPath journal = journal(period);
        assertThat(journal.getList("entries.kind")).containsOnlyOnce("PAYOUT_REVERSED");
        assertThat(journal.getList("trialBalance.balance", java.math.BigDecimal.class).stream()
                .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)).isZero();
    }

    private String webhook(String eventId) {
        String payload = StripeStandInClient.eventJson(eventId);
        return given().contentType(ContentType.JSON)
                .header("Stripe-Signature", StripeStandIn.signatureHeader(payload, clock.instant().getEpochSecond(),
                        StripeStandInClient.webhookSecret()))
                .body(payload).post("/webhooks/stripe").then().statusCode(200).extract().asString();
    }
}

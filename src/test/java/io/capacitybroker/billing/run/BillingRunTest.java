package io.capacitybroker.billing.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.platform.events.OutboxRelay;
import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.KafkaTestClient;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.testsupport.StripeStandInClient;
import io.capacitybroker.testsupport.StripeStandInTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Billing runs end to end: real PostgreSQL and Kafka, the Stripe stand-in through stripe-java,
 * webhooks signed by the stand-in. Each test bills a month of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = StripeStandInTestResource.class, restrictToAnnotatedClass = true)
class BillingRunTest extends BillingTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject OutboxRelay relay;

    @Override
    int firstYear() {
        return 2031;
    }

    @Test
    void aFullMonthIsInvoicedAtStripePaidAndPaidOutWithABalancedJournalAndEvents() throws Throwable {
        Map<String, Integer> before = stripeCounts();
        ClosedMonth month = closeAMonth("FI");
        World w = month.world();

        assertThat(month.run().getString("step")).isEqualTo("DONE");
        assertThat(month.run().getInt("statements")).isEqualTo(1);
        assertThat(month.run().getList("progress.done", Integer.class)).containsExactly(1, 1, 1);
        assertThat(month.run().getList("progress.total", Integer.class)).containsExactly(1, 1, 1);
        assertThat(grown(before, stripeCounts())).containsEntry("customer", 1).containsEntry("invoice", 1)
                .containsEntry("invoiceitem", 2).containsEntry("transfer", 1);

        JsonPath invoice = invoice(month.invoiceId());
        assertThat(invoice.getString("status")).isEqualTo("ISSUED");
        assertThat(invoice.getString("currency")).isEqualTo("USD");
        assertThat(invoice.getList("lines.kind")).containsExactly("RESERVED", "OVERAGE");
        assertThat(invoice.getList("lines.exactAmount", BigDecimal.class))
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("35.175"), new BigDecimal("4.690"));
        assertThat(invoice.getList("lines.amount", BigDecimal.class)).containsExactly(new BigDecimal("35.18"), new BigDecimal("4.69"));
        assertThat(invoice.getObject("total", BigDecimal.class)).isEqualTo(new BigDecimal("39.87"));
        assertThat(invoice.getString("stripe.status")).isEqualTo("open");
        assertThat(invoice.getString("stripe.number")).isNotBlank();
        assertThat(invoice.getList("lines.stripeInvoiceItemId")).doesNotContainNull().doesNotHaveDuplicates();

        JsonPath statements = asPartner(w.partner()).get("/api/v1/partners/{p}/statements", w.partner()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(statements.getString("statements[0].gross")).isEqualTo("39.87");
        assertThat(statements.getString("statements[0].commission")).isEqualTo("3.99"); // 3.987, rounded once
        assertThat(statements.getString("statements[0].net")).isEqualTo("35.88");
        assertThat(statements.getString("statements[0].payout.status")).isEqualTo("PAID");
        String transferId = statements.getString("statements[0].payout.stripeTransferId");
        String payoutId = statements.getString("statements[0].payout.id");
        assertThat(transferId).startsWith("tr_");

        String paid = StripeStandInClient.createEvent("invoice.paid", invoice.getString("stripe.invoiceId"));
        assertThat(deliver(paid)).isEqualTo(200);
        assertThat(deliver(StripeStandInClient.createEvent("transfer.created", transferId))).isEqualTo(200);
        JsonPath afterPayment = invoice(month.invoiceId());
        assertThat(afterPayment.getString("status")).isEqualTo("PAID");
        assertThat(afterPayment.getObject("amountPaid", BigDecimal.class)).isEqualTo(new BigDecimal("39.87"));

        JsonPath journal = journal(month.period());
        assertThat(journal.getList("entries.kind")).containsExactly("INVOICE_ISSUED", "COMMISSION_EARNED", "PAYOUT_MADE",
                "PAYMENT_RECEIVED");
        assertThat(journal.getList("trialBalance.balance", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                .isZero();
        assertThat(balance(journal, "stripe-clearing")).isEqualByComparingTo("3.99");
        assertThat(balance(journal, "commission-revenue")).isEqualByComparingTo("-3.99");
        assertThat(balance(journal, "tenant-receivable")).isEqualByComparingTo("0");
        assertThat(balance(journal, "partner-payable")).isEqualByComparingTo("0");

        VertxContextSupport.subscribeAndAwait(() -> relay.drain());
        List<ConsumerRecord<String, String>> invoiceEvents = KafkaTestClient.awaitRecords("broker.billing", 2,
                r -> month.invoiceId().equals(r.key()));
        assertThat(invoiceEvents).extracting(r -> type(r)).containsExactly(
                "io.capacitybroker.billing.invoice.issued.v1", "io.capacitybroker.billing.invoice.paid.v1");
        assertThat(JSON.readTree(invoiceEvents.get(0).value()).get("data").get("total").decimalValue())
                .isEqualByComparingTo("39.87");
        assertThat(KafkaTestClient.awaitRecords("broker.billing", 1, r -> payoutId.equals(r.key())))
                .extracting(r -> type(r)).containsExactly("io.capacitybroker.billing.payout.made.v1");

        assertThat(asFinance().queryParam("documentId", month.invoiceId()).get("/api/v1/finance/audit").then().statusCode(200)
                .extract().jsonPath().getList("records.action"))
                .containsExactly("ISSUED", "STRIPE_DRAFT_CREATED", "STRIPE_FINALIZED", "PAID");
    }

    @Test
    void aLostStripeAnswerAtEachStepIsResumedByTheNextRunWithoutDuplicatesAtStripe() {
        // customer, draft invoice, item 1, item 2, finalize, transfer
        for (int step = 0; step < 6; step++) {
            BillingPeriod period = freshPeriod();
            World w = world("DK", H100, "USD", "2.345");
            JsonPath reservation = book(w, w.tenant(), H100, 3, 5);
            reportUsage(w, reservation, 4, "17");
            monthEnds(period);
            Map<String, Integer> before = stripeCounts();

            StripeStandInClient.loseAnswerAfter(step);
            JsonPath failed = runBilling(period).then().statusCode(200).extract().jsonPath();
            assertThat(failed.getString("status")).as("step %d", step).isEqualTo("FAILED");
            assertThat(failed.getString("lastError")).as("step %d", step).isNotBlank();

            JsonPath resumed = completedRun(period);
            assertThat(resumed.getString("id")).isEqualTo(failed.getString("id"));
            assertThat(resumed.getInt("attempts")).isEqualTo(2);
            assertThat(grown(before, stripeCounts())).as("objects at Stripe after a crash at step %d", step)
                    .containsEntry("customer", 1).containsEntry("invoice", 1).containsEntry("invoiceitem", 2)
                    .containsEntry("transfer", 1);
            JsonPath invoice = invoice(invoicesOf(w.tenant(), period).getString("invoices[0].id"));
            assertThat(invoice.getString("stripe.status")).isEqualTo("open");
            assertThat(journal(period).getList("entries.kind")).containsExactly("INVOICE_ISSUED", "COMMISSION_EARNED",
                    "PAYOUT_MADE");
        }
    }

    @Test
    void aSecondRunOfAClosedPeriodCreatesNothing() {
        ClosedMonth month = closeAMonth("PL");
        Map<String, Integer> before = stripeCounts();

        JsonPath again = completedRun(month.period());

        assertThat(again.getString("id")).isEqualTo(month.run().getString("id"));
        assertThat(again.getInt("attempts")).isEqualTo(1);
        assertThat(grown(before, stripeCounts())).containsOnly(Map.entry("customer", 0), Map.entry("invoice", 0),
                Map.entry("invoiceitem", 0), Map.entry("transfer", 0));
        assertThat(invoicesOf(month.world().tenant(), month.period()).getList("invoices")).hasSize(1);
        assertThat(journal(month.period()).getList("entries")).hasSize(3);
    }

    @Test
    void concurrentRunsOfOnePeriodHaveOneWriter() throws Exception {
        BillingPeriod period = freshPeriod();
        World w = bookedMonth(period, "SE");
        Map<String, Integer> before = stripeCounts();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<CompletableFuture<Response>> runs = List.of(
                    CompletableFuture.supplyAsync(() -> runBilling(period), pool),
                    CompletableFuture.supplyAsync(() -> runBilling(period), pool));
            List<Integer> statuses = runs.stream().map(f -> f.join().statusCode()).toList();
            assertThat(statuses).contains(200).allMatch(s -> s == 200 || s == 409);
        } finally {
            pool.shutdown();
        }
        assertThat(completedRun(period).getString("status")).isEqualTo("COMPLETED");
        assertThat(invoicesOf(w.tenant(), period).getList("invoices")).hasSize(1);
        assertThat(grown(before, stripeCounts())).containsEntry("invoice", 1).containsEntry("transfer", 1);
    }

    @Test
    void aRunWhoseLeaseAnotherWriterHoldsIsRefusedUntilTheLeaseRunsOut() throws Exception {
        BillingPeriod period = freshPeriod();
        bookedMonth(period, "BE");
        StripeStandInClient.loseAnswerAfter(0);
        String runId = runBilling(period).then().statusCode(200).body("status", equalTo("FAILED")).extract().path("id");

        setLease(period, clock.instant().plus(Duration.ofMinutes(5)));
        runBilling(period).then().statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:billing-run-in-progress"))
                .body("runId", equalTo(runId));

        setLease(period, clock.instant().minus(Duration.ofMinutes(1))); // the other writer died
        assertThat(completedRun(period).getString("id")).isEqualTo(runId);
    }

    @Test
    void onlyAMonthThatHasEndedCanBeClosed() {
        clock.set(BillingPeriod.of(2030, 11).end().minus(Duration.ofHours(1)));
        asFinance().body(Map.of("period", "2030-11")).post("/api/v1/billing-runs").then().statusCode(400)
                .body("errors[0].field", equalTo("period"));
        asFinance().body(Map.of("period", "2031-3")).post("/api/v1/billing-runs").then().statusCode(400)
                .body("errors[0].field", equalTo("period"));
    }

    @Test
    void yenIsInvoicedInWholeYenAndHalfwayAmountsRoundToEven() {
        BillingPeriod period = freshPeriod();
        World yen = world("CZ", H100, "JPY", "352.5");
        World usd = new World(yen.partner(), yen.tenant(), yen.country(),
                publish(yen.partner(), "site-CZ", "CZ", "EU", "pool-usd", offer(2, L40S, 64, "USD", "0.025", false)));
        book(yen, yen.tenant(), H100, 1, 3);   // 3 GPU-h × 352.5 = 1057.5 → 1058
        book(usd, yen.tenant(), L40S, 5, 1);   // 5 GPU-h × 0.025 = 0.125 → 0.12
        monthEnds(period);
        Map<String, Integer> before = stripeCounts();

        completedRun(period);

        JsonPath invoices = invoicesOf(yen.tenant(), period);
        assertThat(invoices.getList("invoices.currency")).containsExactlyInAnyOrder("JPY", "USD");
        for (int i = 0; i < 2; i++) {
            JsonPath invoice = invoice(invoices.getString("invoices[" + i + "].id"));
            BigDecimal total = invoice.getObject("total", BigDecimal.class);
            assertThat(invoice.getList("lines.amount", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add))
                    .isEqualTo(total);
            if (invoice.getString("currency").equals("JPY")) {
                assertThat(total).isEqualTo(new BigDecimal("1058"));
                assertThat(invoice.getObject("lines[0].exactAmount", BigDecimal.class)).isEqualByComparingTo("1057.5");
            } else {
                assertThat(total).isEqualTo(new BigDecimal("0.12"));
                assertThat(invoice.getObject("lines[0].exactAmount", BigDecimal.class)).isEqualByComparingTo("0.125");
            }
        }
        assertThat(grown(before, stripeCounts())).containsEntry("customer", 1).containsEntry("invoice", 2)
                .containsEntry("invoiceitem", 2).containsEntry("transfer", 2);
        JsonPath statements = asFinance().get("/api/v1/partners/{p}/statements", yen.partner()).then().statusCode(200)
                .extract().jsonPath();
        assertThat(statements.getList("statements.currency")).containsExactlyInAnyOrder("JPY", "USD");
        assertThat(statements.getList("statements.net", String.class)).containsExactlyInAnyOrder("952", "0.11");
    }

    private void setLease(BillingPeriod period, java.time.Instant until) throws Exception {
        try (Connection db = PostgresTestResource.openConnection();
             PreparedStatement update = db.prepareStatement(
                     "update billing_run set lease_owner = 'another-replica', leased_until = ?, status = 'RUNNING' where period = ?")) {
            update.setTimestamp(1, Timestamp.from(until));
            update.setString(2, period.toString());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static BigDecimal balance(JsonPath journal, String account) {
        List<Map<String, Object>> rows = journal.getList("trialBalance");
        return rows.stream().filter(r -> account.equals(r.get("account"))).map(r -> (BigDecimal) r.get("balance"))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static String type(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            return event.get("type").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

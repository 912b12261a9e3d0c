package io.capacitybroker.billing.run;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.capacitybroker.testsupport.StripeStandInClient;
import io.capacitybroker.testsupport.StripeStandInTestResource;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation over the real billing run: a month closed through {@code POST /api/v1/billing-runs}
 * against the Stripe stand-in reconciles clean; then differences are planted the way they happen
 * (usage arriving after the close, Stripe events) or, where the code never produces them, by
 * changing rows directly, and each shows up with its kind and documents, in JSON and in CSV.
 * Each test reconciles a month of its own ({@link #freshPeriod()}), so other tests' data never shows.
 * It lives beside the billing tests to share their month of business ({@link BillingTestSupport}).
 */
@QuarkusTest
@QuarkusTestResource(value = StripeStandInTestResource.class, restrictToAnnotatedClass = true)
class ReconciliationApiTest extends BillingTestSupport {
    private static final String COUNTRY = "SK";

    @Override
    int firstYear() {
        return 2040;
    }
    private static final String CSV_HEADER = "period,kind,currency,expected,actual,tenant_id,partner_id,reservation_id,"
            + "allocation_id,usage_record_id,invoice_id,invoice_line_id,statement_id,payout_id,stripe_id,detail";

    @Test
    void aMonthClosedByTheBillingRunAndPaidReconcilesCleanUntilAPayoutIsChanged() throws SQLException {
        BillingPeriod period = freshPeriod();
        World w = world(COUNTRY, H100, "USD", "2.345");
        JsonPath reservation = book(w, w.tenant(), H100, 3, 5);   // 15 GPU-h: 35.175 → 35.18
        reportUsage(w, reservation, 4, "17");                      // 2 GPU-h overage: 4.69
        monthEnds(period);
        completedRun(period);
        String invoiceId = invoicesOf(w.tenant(), period).getString("invoices[0].id");
        assertThat(deliver(StripeStandInClient.createEvent("invoice.paid", invoice(invoiceId).getString("stripe.invoiceId"))))
                .isEqualTo(200);

        JsonPath report = reconciliation(period);
        assertThat(report.getList("mismatches")).isEmpty();
        assertThat(report.getBoolean("summary.clean")).isTrue();
        assertThat(report.getString("billingRun.status")).isEqualTo("COMPLETED");
        assertThat(report.getList("summary.totals")).hasSize(1);
        assertThat(report.getMap("summary.totals[0]")).containsEntry("currency", "USD")
                .containsEntry("rated", new BigDecimal("39.87")).containsEntry("invoiced", new BigDecimal("39.87"))
                .containsEntry("credited", new BigDecimal("0.00")).containsEntry("paid", new BigDecimal("39.87"))
                .containsEntry("paidOut", new BigDecimal("35.88")).containsEntry("commission", new BigDecimal("3.99"));
        assertThat(report.getMap("allocations[0]")).containsEntry("reservationId", reservation.getString("id"))
                .containsEntry("partnerId", w.partner()).containsEntry("tenantId", w.tenant())
                .containsEntry("invoiceId", invoiceId).containsEntry("invoiceStatus", "PAID").containsEntry("payoutStatus", "PAID");
        assertThat(new BigDecimal(report.getString("allocations[0].reservedGpuHours"))).isEqualByComparingTo("15");
        assertThat(new BigDecimal(report.getString("allocations[0].deliveredGpuHours"))).isEqualByComparingTo("17");
        assertThat(report.getList("usage.rated")).containsExactly(true);
        assertThat(csv(period)).isEqualTo(CSV_HEADER + "\r\n");

        sql("update payout set amount = amount + 1 where period = ? and partner_id = ?", period.toString(), w.partner());

        JsonPath changed = reconciliation(period);
        assertThat(changed.getList("mismatches.kind")).containsExactly("PAYOUT_DIFFERS");
        assertThat(changed.getMap("mismatches[0]")).containsEntry("partnerId", w.partner())
                .containsEntry("expected", new BigDecimal("35.88")).containsEntry("actual", new BigDecimal("36.88"));
        assertThat(changed.getInt("summary.mismatches.PAYOUT_DIFFERS")).isEqualTo(1);
        assertThat(changed.getBoolean("summary.clean")).isFalse();
    }

    @Test
    void everyPlantedDifferenceIsListedWithItsKindAndDocumentsInJsonAndCsv() throws SQLException {
        BillingPeriod period = freshPeriod();
        World p1 = world(COUNTRY, H100, "USD", "2.345");
        JsonPath r1 = book(p1, p1.tenant(), H100, 3, 5);           // T1: 35.18 + overage 4.69 = 39.87
        reportUsage(p1, r1, 4, "17");
        String t2 = unique("bt");
        heartbeat(p1); // the clock moved past the usage: a site without a fresh heartbeat is not sold
        JsonPath r2 = book(p1, t2, H100, 3, 3);                   // T2: 9 GPU-h = 21.105 → 21.10 (half to even)
        World p2 = world(COUNTRY, H100, "USD", "1.50");
        JsonPath r3 = book(p2, p2.tenant(), H100, 2, 2);          // T3: 4 GPU-h = 6.00
        String confirmOffer = publish(p2.partner(), "site-" + COUNTRY, COUNTRY, "EU", "pool-confirm",
                offer(2, L40S, 16, "USD", "1.00", true));
        JsonPath pendingBooking = bookChoice(p2.tenant(), quoteAt(p2.tenant(), request(L40S, 1, 2, COUNTRY), p2.partner()))
                .then().statusCode(201).extract().jsonPath();
        String pending = pendingBooking.getString("id");
        assertThat(pendingBooking.getString("status")).isEqualTo("PENDING_PARTNER");
        reportUsage(new World(p2.partner(), p2.tenant(), COUNTRY, confirmOffer), pendingBooking, 1, "2");
        String orphanRecord = unique("orphan");
        asPartner(p1.partner()).body(Map.of("records", List.of(Map.of("recordId", orphanRecord, "offerId", p1.offerId(),
                        "gpuCount", 1, "gpuHours", 1, "periodStart", period.start().toString(),
                        "periodEnd", period.start().plusSeconds(3600).toString()))))
                .post("/api/v1/partners/{p}/usage", p1.partner()).then().statusCode(200);
        monthEnds(period);
        completedRun(period);

        String i1 = invoicesOf(p1.tenant(), period).getString("invoices[0].id");
        String i2 = invoicesOf(t2, period).getString("invoices[0].id");
        String i3 = invoicesOf(p2.tenant(), period).getString("invoices[0].id");
        assertThat(deliver(StripeStandInClient.createEvent("invoice.paid", invoice(i1).getString("stripe.invoiceId")))).isEqualTo(200);
        assertThat(deliver(StripeStandInClient.createEvent("invoice.payment_failed", invoice(i3).getString("stripe.invoiceId"))))
                .isEqualTo(200);
        reportUsage(p1, r2, 4, "11");                             // after the close: 2 GPU-h overage, never invoiced
        sql("update invoice set amount_paid = 39.00 where id = ?", i1);
        sql("update invoice set total = total + 0.01, stripe_invoice_id = null, stripe_status = null, stripe_number = null, "
                + "finalized_at = null where id = ?", i2);
        sql("""
                insert into invoice_line (id, invoice_id, line_no, reservation_id, allocation_id, partner_id, offer_id, kind,
                                          quantity, unit_price, currency, exact_amount, amount)
                select 'planted-' || id, invoice_id, line_no + 10, reservation_id, allocation_id, partner_id, offer_id,
                       'CANCELLATION_FEE', 4, 0.25, currency, 1.00, 1.00
                from invoice_line where invoice_id = ?""", i3);
        sql("update payout set amount = amount + 1 where period = ? and partner_id = ?", period.toString(), p1.partner());
        sql("update payout set status = 'REVERSED' where period = ? and partner_id = ?", period.toString(), p2.partner());

        JsonPath report = reconciliation(period);

        assertThat(report.getList("mismatches.kind", String.class)).containsExactlyInAnyOrder("NOT_INVOICED",
                "INVOICED_NOT_RATED", "AMOUNT_DIFFERS", "AMOUNT_DIFFERS", "AMOUNT_DIFFERS", "UNPAID", "PAYMENT_FAILED",
                "NOT_AT_STRIPE", "STATEMENT_DIFFERS", "NOT_PAID_OUT", "PAYOUT_DIFFERS", "USAGE_WITHOUT_RESERVATION",
                "USAGE_UNRATED");
        assertThat(report.getMap("summary.mismatches")).containsEntry("AMOUNT_DIFFERS", 3).containsEntry("UNPAID", 1)
                .containsEntry("PAID_OUT_TWICE", 0).containsEntry("NO_STATEMENT", 0);
        assertThat(mismatch(report, "NOT_INVOICED", "reservationId", r2.getString("id")))
                .containsEntry("tenantId", t2).containsEntry("expected", new BigDecimal("4.69")).containsEntry("invoiceLineId", null);
        assertThat(mismatch(report, "AMOUNT_DIFFERS", "invoiceId", i1)).containsEntry("expected", new BigDecimal("39.87"))
                .containsEntry("actual", new BigDecimal("39.00")).containsEntry("stripeId", invoice(i1).getString("stripe.invoiceId"));
        assertThat(mismatch(report, "AMOUNT_DIFFERS", "invoiceId", i2)).containsEntry("expected", new BigDecimal("21.10"))
                .containsEntry("actual", new BigDecimal("21.11"));
        assertThat(mismatch(report, "AMOUNT_DIFFERS", "invoiceId", i3)).containsEntry("expected", new BigDecimal("7.00"))
                .containsEntry("actual", new BigDecimal("6.00"));
        assertThat(mismatch(report, "INVOICED_NOT_RATED", "invoiceId", i3)).containsEntry("reservationId", r3.getString("id"))
                .containsEntry("actual", new BigDecimal("1.00"));
        assertThat(mismatch(report, "UNPAID", "invoiceId", i2)).containsEntry("tenantId", t2);
        assertThat(mismatch(report, "NOT_AT_STRIPE", "invoiceId", i2)).containsEntry("stripeId", null);
        assertThat(mismatch(report, "PAYMENT_FAILED", "invoiceId", i3)).containsEntry("tenantId", p2.tenant());
        assertThat(mismatch(report, "STATEMENT_DIFFERS", "partnerId", p2.partner()))
                .containsEntry("expected", new BigDecimal("7.00")).containsEntry("actual", new BigDecimal("6.00"));
        assertThat(mismatch(report, "NOT_PAID_OUT", "partnerId", p2.partner())).containsEntry("expected", new BigDecimal("5.40"));
        assertThat(mismatch(report, "PAYOUT_DIFFERS", "partnerId", p1.partner()))
                .containsEntry("expected", new BigDecimal("54.87")).containsEntry("actual", new BigDecimal("55.87"));
        assertThat(mismatch(report, "USAGE_WITHOUT_RESERVATION", "usageRecordId", orphanRecord))
                .containsEntry("partnerId", p1.partner());
        assertThat(mismatch(report, "USAGE_UNRATED", "reservationId", pending)).containsEntry("partnerId", p2.partner());
        assertThat(report.getList("allocations.reservationId")).containsExactly(
                List.of(r1, r2, r3).stream().map(r -> r.getString("id")).sorted().toArray());

        String[] csv = csv(period).split("\r\n");
        assertThat(csv).hasSize(1 + 13);
        assertThat(csv[0]).isEqualTo(CSV_HEADER);
        String payoutId = report.getString("mismatches.find { it.kind == 'PAYOUT_DIFFERS' }.payoutId");
        String statementId = report.getString("mismatches.find { it.kind == 'PAYOUT_DIFFERS' }.statementId");
        assertThat(csv).contains(period + ",PAYOUT_DIFFERS,USD,54.87,55.87,," + p1.partner() + ",,,,,," + statementId + ","
                + payoutId + "," + report.getString("mismatches.find { it.kind == 'PAYOUT_DIFFERS' }.stripeId")
                + ",payout of 55.87 USD (PAID) for a statement net of 54.87 USD");
        assertThat(csv).anySatisfy(row -> assertThat(row).startsWith(period + ",USAGE_WITHOUT_RESERVATION,,,,,"
                + p1.partner() + ",,,"  + orphanRecord + ","));
    }

    @Test
    void thePeriodIsRequiredAsAUtcMonth() {
        for (String bad : new String[] {null, "2031-13", "2031-3", "March"}) {
            var request = given().auth().oauth2(Tokens.withRoles("fiona", List.of("finance")));
            if (bad != null) request = request.queryParam("period", bad);
            request.get("/api/v1/finance/reconciliation").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
        }
    }

    private void heartbeat(World w) {
        asPartner(w.partner()).post("/api/v1/partners/{p}/sites/{s}/heartbeat", w.partner(), "site-" + w.country())
                .then().statusCode(200);
    }

    private JsonPath reconciliation(BillingPeriod period) {
        return asFinance().queryParam("period", period.toString()).get("/api/v1/finance/reconciliation").then().statusCode(200)
                .contentType("application/json").extract().jsonPath(JsonPathConfig.jsonPathConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    private String csv(BillingPeriod period) {
        return asFinance().accept("text/csv").queryParam("period", period.toString()).get("/api/v1/finance/reconciliation")
                .then().statusCode(200).contentType("text/csv").extract().asString();
    }

    private static Map<String, Object> mismatch(JsonPath report, String kind, String field, String value) {
        List<Map<String, Object>> found = report.<Map<String, Object>>getList("mismatches").stream()
                .filter(m -> kind.equals(m.get("kind")) && value.equals(m.get(field))).toList();
        assertThat(found).as("%s with %s %s in %s", kind, field, value, report.prettify()).hasSize(1);
        return found.get(0);
    }

    private static void sql(String statement, String... parameters) throws SQLException {
        try (Connection db = PostgresTestResource.openConnection(); PreparedStatement update = db.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) update.setString(i + 1, parameters[i]);
            assertThat(update.executeUpdate()).as(statement).isPositive();
        }
    }
}

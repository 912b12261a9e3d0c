package io.capacitybroker.billing.run;

import static io.restassured.RestAssured.given;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.StripeStandInClient;
import io.capacitybroker.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A month of business for billing tests: partners with a Connect account, bookings and usage in a
 * month of the test's own (tests share the database, and a period is closed once), then the close.
 * Months are two apart, so that a test's credit notes (issued in the month after) stay its own too,
 * and each test class starts in a year of its own ({@link #firstYear()}).
 */
abstract class BillingTestSupport extends BrokerTest {
    static final String H100 = "H100-SXM-80GB";
    static final String L40S = "L40S-48GB";
    private static final AtomicInteger MONTHS = new AtomicInteger();

    /** One partner's site with one offer, and one tenant. */
    record World(String partner, String tenant, String country, String offerId) {}

    /** The first year this class bills in; the classes' years do not overlap (about a dozen tests each). */
    abstract int firstYear();

    /** A closed month of one tenant: 3 GPUs for 5 hours at 2.345 (35.175 → 35.18) and 17 GPU-h used (2 over: 4.69). */
    record ClosedMonth(BillingPeriod period, World world, JsonPath run, String invoiceId) {}

    ClosedMonth closeAMonth(String country) {
        BillingPeriod period = freshPeriod();
        World w = world(country, H100, "USD", "2.345");
        JsonPath reservation = book(w, w.tenant(), H100, 3, 5);
        reportUsage(w, reservation, 4, "17");
        monthEnds(period);
        JsonPath run = completedRun(period);
        return new ClosedMonth(period, w, run, invoicesOf(w.tenant(), period).getString("invoices[0].id"));
    }

    /** A month in which the world's tenant booked 2 GPUs for 3 hours, now ended and not yet closed. */
    World bookedMonth(BillingPeriod period, String country) {
        World w = world(country, H100, "USD", "2.345");
        book(w, w.tenant(), H100, 2, 3);
        monthEnds(period);
        return w;
    }

    BillingPeriod freshPeriod() {
        BillingPeriod period = new BillingPeriod(YearMonth.of(firstYear(), 1).plusMonths(2L * MONTHS.getAndIncrement()));
        clock.set(period.start().plus(Duration.ofDays(2)).plus(Duration.ofHours(8)));
        return period;
    }

    World world(String country, String model, String currency, String price) {
        String partner = unique("bp");
        String offerId = publish(partner, "site-" + country, country, "EU", "pool-" + model,
                offer(1, model, 64, currency, price, false));
        asAdmin().body(Map.of("stripeAccountId", "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)))
                .put("/api/v1/partners/{p}/payout-account", partner).then().statusCode(200);
        return new World(partner, unique("bt"), country, offerId);
    }

    /** Books {@code gpus} GPUs of the world's offer for {@code hours} hours; returns the reservation as booked. */
    JsonPath book(World w, String tenant, String model, int gpus, int hours) {
        QuoteChoice choice = quoteAt(tenant, request(model, gpus, hours, w.country()), w.partner());
        return bookChoice(tenant, choice).then().statusCode(201).extract().jsonPath();
    }

    /** Usage of a booked reservation over its whole span: {@code gpuHours} measured on {@code gpuCount} GPUs. */
    void reportUsage(World w, JsonPath reservation, int gpuCount, String gpuHours) {
        Instant start = Instant.parse(reservation.getString("startAt"));
        Instant end = Instant.parse(reservation.getString("endAt"));
        if (clock.instant().isBefore(end)) clock.set(end.plus(Duration.ofHours(1)));
        Map<String, Object> record = Map.of("recordId", unique("u"), "reservationId", reservation.getString("id"),
                "offerId", w.offerId(), "gpuCount", gpuCount, "gpuHours", new BigDecimal(gpuHours),
                "periodStart", start.toString(), "periodEnd", end.toString());
        asPartner(w.partner()).body(Map.of("records", List.of(record)))
                .post("/api/v1/partners/{p}/usage", w.partner()).then().statusCode(200);
    }

    /** The clock moves to the second day of the following month, when the period can be closed. */
    void monthEnds(BillingPeriod period) {
        clock.set(period.end().plus(Duration.ofDays(1)).plus(Duration.ofHours(9)));
    }

    Response runBilling(BillingPeriod period) {
        return asFinance().body(Map.of("period", period.toString())).post("/api/v1/billing-runs");
    }

    JsonPath completedRun(BillingPeriod period) {
        JsonPath run = runBilling(period).then().statusCode(200).extract().jsonPath();
        if (!"COMPLETED".equals(run.getString("status"))) {
            throw new AssertionError("run of " + period + " is " + run.getString("status") + ": " + run.getString("lastError"));
        }
        return run;
    }

    JsonPath invoicesOf(String tenant, BillingPeriod period) {
        return asFinance().queryParam("tenantId", tenant).queryParam("period", period.toString())
                .get("/api/v1/invoices").then().statusCode(200).extract().jsonPath(JsonPathConfig.jsonPathConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    JsonPath invoice(String id) {
        return asFinance().get("/api/v1/invoices/{id}", id).then().statusCode(200).extract()
                .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    JsonPath journal(BillingPeriod period) {
        return asFinance().queryParam("period", period.toString()).get("/api/v1/finance/journal").then().statusCode(200)
                .extract().jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    /** Delivers a stand-in event to the broker, signed at the broker's (test) clock. */
    int deliver(String eventId) {
        return StripeStandInClient.deliver(eventId, webhookUrl(), clock.instant().getEpochSecond());
    }

    static String webhookUrl() {
        return "http://127.0.0.1:" + RestAssured.port + "/webhooks/stripe";
    }

    /** Objects the stand-in has created so far, per type. */
    static Map<String, Integer> stripeCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (String type : List.of("customer", "invoice", "invoiceitem", "transfer")) {
            counts.put(type, StripeStandInClient.created(type));
        }
        return counts;
    }

    static Map<String, Integer> grown(Map<String, Integer> before, Map<String, Integer> after) {
        Map<String, Integer> delta = new HashMap<>();
        after.forEach((type, n) -> delta.put(type, n - before.getOrDefault(type, 0)));
        return delta;
    }

    RequestSpecification asFinance() {
        return given().auth().oauth2(Tokens.withRoles("fiona", List.of("finance"))).contentType(ContentType.JSON);
    }

    RequestSpecification asAdmin() {
        return given().auth().oauth2(Tokens.withRoles("adam", List.of("admin"))).contentType(ContentType.JSON);
    }
}

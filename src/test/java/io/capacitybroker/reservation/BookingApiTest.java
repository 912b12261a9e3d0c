package io.capacitybroker.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BookingApiTest extends BrokerTest {
    private static final String MODEL = "H100-SXM-80GB";

    /** A tenant of its own per test, so that idempotency keys and listings never collide. */
    private final String tenant = unique("acme");

    /** Quotes come from the in-memory index, which hears of a publish asynchronously: wait for it. */
    private JsonPath quoteWithOptions(String tenant, Map<String, Object> request) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> asTenant(tenant).body(request).post("/api/v1/quotes").then().log().ifValidationFails().statusCode(200).extract().jsonPath(),
                quote -> !quote.getList("options").isEmpty());
    }

    /** Books the option of this rank with its booking token. */
    private io.restassured.response.ValidatableResponse book(String tenant, String key, JsonPath quote, int rank) {
        return book(tenant, key, token(quote, rank));
    }

    private io.restassured.response.ValidatableResponse book(String tenant, String key, String bookingToken) {
        return asTenant(tenant).header("Idempotency-Key", key).body(Map.of("bookingToken", bookingToken))
                .post("/api/v1/reservations").then();
    }

    private static String token(JsonPath quote, int rank) {
        return quote.getString("options[" + (rank - 1) + "].bookingToken");
    }

    @Test
    void bookingIsIdempotentAndAKeyCannotBeReusedForAnotherRequest() {
        String offerId = publish(unique("gmi"), "tpe-1", "MT", "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        JsonPath quote = quoteWithOptions(tenant, request(MODEL, 8, 4, "MT"));
        assertThat(quote.getString("options[0].legs[0].offerId")).isEqualTo(offerId);
        assertThat(quote.getDouble("options[0].total")).isEqualTo(64.0); // 8 GPUs x 4 h x 2.00

        String id = book(tenant, "key-1", quote, 1).statusCode(201)
                .body("status", equalTo("CONFIRMED")).body("total", equalTo(64.00f)).body("quoteId", equalTo(quote.getString("id")))
                .body("history[0].to", equalTo("CONFIRMED")).extract().path("id");
        book(tenant, "key-1", quote, 1).statusCode(200).body("id", equalTo(id));
        JsonPath another = quoteWithOptions(tenant, request(MODEL, 8, 4, "MT"));
        book(tenant, "key-1", another, 1).statusCode(422)
                .body("type", equalTo("urn:capacity-broker:problem:idempotency-key-reused"));
        asTenant(tenant).body(Map.of("bookingToken", token(quote, 1))).post("/api/v1/reservations")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aBookingThatNoLongerFitsIs409WithTheFreshAvailabilityAndTakesNothing() {
        publish(unique("gmi"), "tpe-1", "CY", "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        JsonPath first = quoteWithOptions(tenant, request(MODEL, 10, 4, "CY"));
        JsonPath second = quoteWithOptions(tenant, request(MODEL, 10, 4, "CY"));
        book(tenant, "a", first, 1).statusCode(201);
        book(tenant, "b", second, 1).statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:capacity-conflict"))
                .body("availability[0].available", equalTo(6))
                .body("availability[0].requested", equalTo(10));
        asTenant(tenant).get("/api/v1/reservations").then().statusCode(200).body("items.quoteId", not(hasItem(second.getString("id"))));
    }

    @Test
    void aBookingThatFitsOnlyPartlyReportsWhatTheWindowHasFreeWithoutItsOwnPartialTake() {
        publish(unique("gmi"), "tpe-1", "BE", "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        Instant start = clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
        JsonPath early = quoteWithOptions(tenant, startingAt(request(MODEL, 10, 4, "BE"), start));
        JsonPath late = quoteWithOptions(tenant, startingAt(request(MODEL, 12, 4, "BE"), start.plus(Duration.ofHours(2))));
        book(tenant, "a", early, 1).statusCode(201);

        // Hours 2 and 3 have 6 free, hours 4 and 5 have 16: the take fits there but not overall.
        book(tenant, "b", late, 1).statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:capacity-conflict"))
                .body("availability[0].available", equalTo(6))
                .body("availability[0].requested", equalTo(12));
        JsonPath again = quoteWithOptions(tenant, startingAt(request(MODEL, 16, 2, "BE"), start.plus(Duration.ofHours(4))));
        book(tenant, "c", again, 1).statusCode(201); // nothing of the refused take stayed on hours 4 and 5
    }

    private static Map<String, Object> startingAt(Map<String, Object> request, Instant start) {
        Map<String, Object> fixed = new HashMap<>(request);
        fixed.put("earliestStart", start.toString());
        fixed.put("latestStart", start.toString());
        return fixed;
    }

    @Test
    void anOfferWithdrawnOrASiteGoneQuietAfterTheQuoteBooksNothing() {
        String partner = unique("gmi");
        publish(partner, "tpe-1", "PT", "EU", "pool", offer(1, MODEL, 8, "USD", "2.00", false));
        publish(partner, "tpe-2", "PT", "EU", "pool", offer(1, MODEL, 8, "USD", "2.50", false));
        JsonPath quote = quoteWithOptions(tenant, request(MODEL, 8, 2, "PT"));
        String quoteId = quote.getString("id");

        asPartner(partner).delete("/api/v1/partners/{p}/sites/tpe-1/offers/pool", partner).then().statusCode(200);
        book(tenant, "k", quote, 1).statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:offer-not-bookable"))
                .body("detail", containsString("withdrawn"));

        clock.advance(Duration.ofMinutes(6)); // past the 5 min staleness window, within the quote's 15 min
        book(tenant, "k", quote, 2).statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:offer-not-bookable"))
                .body("detail", containsString("heartbeats"));

        // Nothing of either attempt was kept: the key is still free, and the ledger untouched.
        asTenant(tenant).get("/api/v1/reservations").then().statusCode(200).body("items.quoteId", not(hasItem(quoteId)));
        asPartner(partner).post("/api/v1/partners/{p}/sites/tpe-2/heartbeat", partner).then().statusCode(200);
        book(tenant, "k", quote, 2).statusCode(201).body("allocations[0].siteId", equalTo("tpe-2"));
    }

    @Test
    void anExpiredQuoteIsRefusedWhileARetryOfItsEarlierBookingIsStillAnswered() {
        publish(unique("gmi"), "tpe-1", "HR", "EU", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        JsonPath booked = quoteWithOptions(tenant, request(MODEL, 4, 2, "HR"));
        JsonPath unbooked = quoteWithOptions(tenant, request(MODEL, 4, 2, "HR"));
        String id = book(tenant, "k", booked, 1).statusCode(201).extract().path("id");

        clock.advance(Duration.ofMinutes(16)); // past the 15 min a quote lives

        book(tenant, "k", booked, 1).statusCode(200).body("id", equalTo(id));
        book(tenant, "k2", unbooked, 1).statusCode(410)
                .body("type", equalTo("urn:capacity-broker:problem:quote-expired"));
    }

    @Test
    void aSiteThatMustConfirmHoldsCapacityUntilItAcceptsAndTimeMovesTheReservationAlong() {
        String partner = unique("singtel");
        publish(partner, "sg-1", "EE", "EU", "pool", offer(1, MODEL, 8, "SGD", "4.00", true));
        JsonPath quote = quoteWithOptions(tenant, request(MODEL, 8, 2, "EE"));
        String id = book(tenant, "k", quote, 1).statusCode(201).body("status", equalTo("PENDING_PARTNER"))
                .extract().path("id");

        asPartner(partner).get("/api/v1/partners/{p}/reservations", partner).then().statusCode(200)
                .body("items.id", hasItem(id));
        asPartner("someone-else").post("/api/v1/partners/{p}/reservations/{r}/accept", partner, id).then().statusCode(404);
        asPartner(partner).body(Map.of("reason", "capacity ready")).post("/api/v1/partners/{p}/reservations/{r}/accept", partner, id)
                .then().statusCode(200).body("status", equalTo("CONFIRMED"));

        clock.advance(Duration.ofHours(1));
        runJob();
        asTenant(tenant).get("/api/v1/reservations/{id}", id).then().body("status", equalTo("ACTIVE"));
        clock.advance(Duration.ofHours(2));
        runJob();
        asTenant(tenant).get("/api/v1/reservations/{id}", id).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("history.to", equalTo(List.of("PENDING_PARTNER", "CONFIRMED", "ACTIVE", "COMPLETED")))
                .body("history[1].actor", equalTo("partner:" + partner + "/service-account-" + partner));
    }

    @Test
    void anUnansweredHoldExpiresAndItsCapacityIsSoldAgain() {
        String partner = unique("singtel");
        publish(partner, "sg-1", "LV", "EU", "pool", offer(1, MODEL, 8, "USD", "3.00", true));
        Map<String, Object> later = new HashMap<>(request(MODEL, 8, 2, "LV"));
        later.put("earliestStart", clock.instant().plus(Duration.ofDays(3)).toString());
        later.put("latestStart", clock.instant().plus(Duration.ofDays(3)).toString());
        JsonPath quote = quoteWithOptions(tenant, later);
        String id = book(tenant, "k", quote, 1).statusCode(201).body("status", equalTo("PENDING_PARTNER")).extract().path("id");

        // While held, the same window cannot be quoted again.
        asTenant(tenant).body(later).post("/api/v1/quotes").then().statusCode(200);
        clock.advance(Duration.ofHours(25)); // past the 24 h decision deadline
        asPartner(partner).post("/api/v1/partners/{p}/sites/sg-1/heartbeat", partner).then().statusCode(200);
        runJob();
        asTenant(tenant).get("/api/v1/reservations/{id}", id).then().body("status", equalTo("EXPIRED"));
        asPartner(partner).post("/api/v1/partners/{p}/reservations/{r}/accept", partner, id).then().statusCode(409);

        book(tenant, "k2", quoteWithOptions(tenant, later), 1).statusCode(201);
    }

    @Test
    void cancellingGivesTheSlotsBackAndIsFreeWithEnoughNotice() {
        publish(unique("eu"), "fra-1", "LT", "EU", "pool", offer(1, MODEL, 8, "EUR", "3.00", false));
        Map<String, Object> nextWeek = new HashMap<>(request(MODEL, 8, 10, "LT"));
        nextWeek.put("earliestStart", clock.instant().plus(Duration.ofDays(7)).toString());
        nextWeek.put("latestStart", clock.instant().plus(Duration.ofDays(7)).toString());
        String id = book(tenant, "k", quoteWithOptions(tenant, nextWeek), 1).statusCode(201).extract().path("id");

        asTenant("other-tenant").post("/api/v1/reservations/{id}/cancel", id).then().statusCode(404);
        asTenant(tenant).body(Map.of("reason", "plans changed")).post("/api/v1/reservations/{id}/cancel", id)
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("cancellationFee", equalTo(0.0f));
        book(tenant, "k2", quoteWithOptions(tenant, nextWeek), 1).statusCode(201);
    }

    @Test
    void quotesFollowPublishesAndWithdrawalsMadeAnywhere() {
        String partner = unique("gmi");
        String offerId = publish(partner, "tpe-1", "CH", "CH", "pool", offer(1, MODEL, 8, "USD", "2.00", false));
        assertThat(quoteWithOptions(tenant, request(MODEL, 8, 2, "CH")).getString("options[0].legs[0].offerId")).isEqualTo(offerId);

        asPartner(partner).delete("/api/v1/partners/{p}/sites/tpe-1/offers/pool", partner).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> asTenant(tenant).body(request(MODEL, 8, 2, "CH"))
                .post("/api/v1/quotes").then().statusCode(200).extract().jsonPath().getList("options").isEmpty());

        asPartner(partner).body(offer(2, MODEL, 8, "USD", "2.00", false))
                .put("/api/v1/partners/{p}/sites/tpe-1/offers/pool", partner).then().statusCode(200);
        assertThat(quoteWithOptions(tenant, request(MODEL, 8, 2, "CH")).getString("options[0].legs[0].offerId")).isEqualTo(offerId);
    }

    @Test
    void aBookingTokenBooksOnlyForItsTenantAndOnlyAsIssued() {
        publish(unique("gmi"), "tpe-1", "SA", "SA", "pool", offer(1, MODEL, 16, "USD", "2.00", false));
        JsonPath quote = quoteWithOptions(tenant, request(MODEL, 8, 4, "SA"));
        String token = token(quote, 1);
        // One character changed anywhere (here in the middle, where the GPU counts and prices are) breaks the MAC.
        int middle = token.length() / 2;
        String altered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);

        for (String refused : List.of(altered, token.substring(0, token.length() - 1), "not-a-token", quote.getString("id"))) {
            book(tenant, "k-" + refused.hashCode(), refused).statusCode(400)
                    .body("type", equalTo("urn:capacity-broker:problem:validation"))
                    .body("errors[0].field", equalTo("bookingToken"));
        }
        book("globex", "k", token).statusCode(400).body("errors[0].field", equalTo("bookingToken"));
        asTenant(tenant).get("/api/v1/reservations").then().statusCode(200).body("items.quoteId", not(hasItem(quote.getString("id"))));

        book(tenant, "k", token).statusCode(201).body("gpuCount", equalTo(8)).body("total", equalTo(64.00f));
        asTenant(tenant).get("/api/v1/quotes/{id}", quote.getString("id")).then().statusCode(404);
    }

    @Test
    void aTenantNeverSeesAnotherTenantsReservations() {
        publish(unique("gmi"), "tpe-1", "SI", "EU", "pool", offer(1, MODEL, 8, "USD", "2.00", false));
        String id = book(tenant, "k", quoteWithOptions(tenant, request(MODEL, 2, 2, "SI")), 1)
                .statusCode(201).extract().path("id");
        asTenant("globex").get("/api/v1/reservations/{id}", id).then().statusCode(404);
        asTenant("globex").get("/api/v1/reservations").then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    @Test
    void absurdOrPastRequestsAreRejectedWithTheField() {
        Map<String, Object> huge = new HashMap<>(request(MODEL, 1_000_000, 87_600, "SK"));
        asTenant(tenant).body(huge).post("/api/v1/quotes").then().statusCode(400)
                .body("errors.field", equalTo(List.of("durationHours", "gpuCount")));
        Map<String, Object> past = new HashMap<>(request(MODEL, 8, 4, "SK"));
        past.put("earliestStart", clock.instant().minus(Duration.ofDays(3)).toString());
        past.put("latestStart", clock.instant().minus(Duration.ofDays(2)).toString());
        asTenant(tenant).body(past).post("/api/v1/quotes").then().statusCode(400)
                .body("errors[0].field", equalTo("latestStart"));
        Map<String, Object> unknown = new HashMap<>(request("H999", 8, 4, "ZZ"));
        asTenant(tenant).body(unknown).post("/api/v1/quotes").then().statusCode(400)
                .body("errors.field", equalTo(List.of("gpuModels[0]", "countries[0]")));
        asTenant(tenant).body(Map.of("gpuModels", List.of(MODEL), "gpuCount", -1)).post("/api/v1/quotes").then()
                .statusCode(400).body("errors.field", hasItem("gpuCount"));
        asTenant(tenant).queryParam("status", "SOMEDAY").get("/api/v1/reservations").then()
                .statusCode(400).body("errors[0].field", equalTo("status"));
    }
}

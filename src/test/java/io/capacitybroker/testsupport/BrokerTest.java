package io.capacitybroker.testsupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.capacitybroker.reservation.service.ReservationJob;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the API tests: a real PostgreSQL database, a real Kafka broker and real token
 * verification, shared by all test classes of the run. Each test works in its own partner and country so that tests never
 * see each other's offers, whatever order they run in.
 */
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TokenTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
public abstract class BrokerTest {
    @Inject
    protected TestClock clock;

    @Inject
    protected ReservationJob reservationJob;

    @BeforeEach
    void resetClock() {
        clock.set(TestClock.START);
    }

    /** One pass of the scheduled job at the test clock's time, as a replica's scheduler would run it. */
    protected void runJob() {
        try {
            VertxContextSupport.subscribeAndAwait(() -> reservationJob.runOnce());
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A token of the partner; tests against a real Keycloak ask Keycloak for it instead. */
    protected String partnerToken(String partnerId) {
        return Tokens.partner(partnerId);
    }

    protected String tenantToken(String tenantId) {
        return Tokens.tenant(tenantId);
    }

    protected RequestSpecification asPartner(String partnerId) {
        return given().auth().oauth2(partnerToken(partnerId)).contentType(ContentType.JSON);
    }

    protected RequestSpecification asTenant(String tenantId) {
        return given().auth().oauth2(tenantToken(tenantId)).contentType(ContentType.JSON);
    }

    protected static Map<String, Object> site(String country, String jurisdiction, List<String> certifications) {
        return Map.of("name", "Site in " + country, "country", country, "region", "region-1",
                "jurisdiction", jurisdiction, "certifications", certifications, "sovereignty", List.of("data-residency"));
    }

    /** An offer of {@code gpus} GPUs over the next 30 days at {@code price} per GPU-hour. */
    protected Map<String, Object> offer(long sequence, String model, int gpus, String currency, String price,
                                        boolean requiresConfirmation) {
        Instant from = clock.instant();
        return Map.ofEntries(
                Map.entry("sequence", sequence), Map.entry("gpuModel", model), Map.entry("gpusPerNode", 8),
                Map.entry("totalGpus", gpus), Map.entry("availableFrom", from.toString()),
                Map.entry("availableUntil", from.plus(Duration.ofDays(30)).toString()), Map.entry("currency", currency),
                Map.entry("pricePerGpuHour", price), Map.entry("tiers", List.of()), Map.entry("minTermHours", 1),
                Map.entry("minGpus", 1), Map.entry("requiresConfirmation", requiresConfirmation));
    }

    /** Registers a site, sends its heartbeat and publishes one offer; returns the broker's offer id. */
    protected String publish(String partner, String siteId, String country, String jurisdiction, String offerId,
                             Map<String, Object> offer) {
        asPartner(partner).body(site(country, jurisdiction, List.of("ISO-27001")))
                .put("/api/v1/partners/{p}/sites/{s}", partner, siteId).then().statusCode(200);
        asPartner(partner).post("/api/v1/partners/{p}/sites/{s}/heartbeat", partner, siteId).then().statusCode(200);
        return asPartner(partner).body(offer)
                .put("/api/v1/partners/{p}/sites/{s}/offers/{o}", partner, siteId, offerId)
                .then().statusCode(200).extract().path("offer.id");
    }

    /** A quote request for {@code gpus} GPUs of one model for {@code hours} hours, in one country. */
    protected Map<String, Object> request(String model, int gpus, int hours, String country) {
        Instant start = clock.instant().plus(Duration.ofHours(1));
        return Map.of("gpuModels", List.of(model), "gpuCount", gpus, "durationHours", hours,
                "earliestStart", start.toString(), "latestStart", start.plus(Duration.ofDays(2)).toString(),
                "currency", "USD", "countries", List.of(country));
    }

    /** A quote and its single-site option at {@code partner}: the rank and the token that books it. */
    protected record QuoteChoice(String quoteId, int rank, String bookingToken) {}

    /**
     * Asks for quotes until one has an option at {@code partner}: the market index hears of a
     * publish asynchronously, and other tests' offers may rank first.
     */
    protected QuoteChoice quoteAt(String tenant, Map<String, Object> request, String partner) {
        JsonPath quote = await().atMost(Duration.ofSeconds(10)).until(
                () -> asTenant(tenant).body(request).post("/api/v1/quotes").then().statusCode(200).extract().jsonPath(),
                q -> optionAt(q, partner) != null);
        Map<String, Object> option = optionAt(quote, partner);
        return new QuoteChoice(quote.getString("id"), (Integer) option.get("rank"), (String) option.get("bookingToken"));
    }

    /** Books the option with a fresh Idempotency-Key. */
    protected Response bookChoice(String tenant, QuoteChoice choice) {
        return asTenant(tenant).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("bookingToken", choice.bookingToken())).post("/api/v1/reservations");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionAt(JsonPath quote, String partner) {
        for (Map<String, Object> option : quote.<Map<String, Object>>getList("options")) {
            List<Map<String, Object>> legs = (List<Map<String, Object>>) option.get("legs");
            if (legs.size() == 1 && partner.equals(legs.get(0).get("partnerId"))) return option;
        }
        return null;
    }
}

package io.capacitybroker.catalog;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PartnerCatalogApiTest extends BrokerTest {
    private static final String COUNTRY = "LU";

    @Test
    void publishedOfferIsSearchableWhileItsSiteSendsHeartbeats() {
        String partner = unique("gmi");
        String offerId = publish(partner, "tpe-1", COUNTRY, "EU", "h100-pool", offer(1, "H100-SXM-80GB", 64, "USD", "2.50", false));

        asTenant("acme").queryParam("country", COUNTRY).queryParam("gpuModel", "H100-SXM-80GB")
                .get("/api/v1/offers").then().statusCode(200)
                .body("items.id", hasItem(offerId));

        clock.advance(Duration.ofMinutes(6)); // past the five-minute staleness window
        asTenant("acme").queryParam("country", COUNTRY).get("/api/v1/offers").then().statusCode(200)
                .body("items.id", not(hasItem(offerId)));
    }

    @Test
    void aPublishWithAnOlderOrEqualSequenceIsIgnoredAndReported() {
        String partner = unique("singtel");
        publish(partner, "sg-1", COUNTRY, "EU", "pool", offer(5, "H200-141GB", 32, "USD", "3.10", false));

        asPartner(partner).body(offer(5, "H200-141GB", 8, "USD", "1.00", false))
                .put("/api/v1/partners/{p}/sites/sg-1/offers/pool", partner).then().statusCode(200)
                .body("outcome", equalTo("IGNORED_STALE_SEQUENCE"))
                .body("storedSequence", equalTo(5))
                .body("offer.totalGpus", equalTo(32));
        asPartner(partner).body(offer(6, "H200-141GB", 8, "USD", "1.00", false))
                .put("/api/v1/partners/{p}/sites/sg-1/offers/pool", partner).then().statusCode(200)
                .body("outcome", equalTo("APPLIED"))
                .body("offer.totalGpus", equalTo(8));
    }

    @Test
    void withdrawnOffersAreNotListed() {
        String partner = unique("eu");
        String offerId = publish(partner, "fra-1", COUNTRY, "EU", "pool", offer(1, "B200-192GB", 16, "EUR", "4.00", false));
        asPartner(partner).delete("/api/v1/partners/{p}/sites/fra-1/offers/pool", partner).then().statusCode(200)
                .body("offer.status", equalTo("WITHDRAWN"));
        asTenant("acme").queryParam("country", COUNTRY).get("/api/v1/offers").then().statusCode(200)
                .body("items.id", not(hasItem(offerId)));
    }

    @Test
    void unknownVocabularyIsRejectedWithTheField() {
        String partner = unique("bad");
        Map<String, Object> site = new HashMap<>(site("XX", "EU", List.of("ISO-27001", "NOT-A-CERT")));
        asPartner(partner).body(site).put("/api/v1/partners/{p}/sites/s1", partner).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:capacity-broker:problem:validation"))
                .body("errors.field", contains("country", "certifications[1]"));
    }

    @Test
    void siteCountryMustBelongToItsJurisdiction() {
        String partner = unique("bad");
        asPartner(partner).body(site("SG", "EU", List.of())).put("/api/v1/partners/{p}/sites/s1", partner)
                .then().statusCode(400).body("errors[0].field", equalTo("jurisdiction"));
    }

    @Test
    void badOffersAreRejectedAndNothingIsStored() {
        String partner = unique("bad");
        publish(partner, "s1", COUNTRY, "EU", "ok", offer(1, "L40S-48GB", 8, "USD", "1.00", false));
        Map<String, Object> bad = new HashMap<>(offer(1, "H999", -4, "XYZ", "1.00", false));
        bad.put("availableUntil", clock.instant().minus(Duration.ofDays(1)).toString());
        asPartner(partner).body(bad).put("/api/v1/partners/{p}/sites/s1/offers/broken", partner)
                .then().statusCode(400)
                .body("errors.field", hasItem("totalGpus"));
        Map<String, Object> semanticallyBad = new HashMap<>(offer(1, "H999", 8, "XYZ", "1.00", false));
        semanticallyBad.put("availableUntil", clock.instant().minus(Duration.ofDays(1)).toString());
        asPartner(partner).body(semanticallyBad).put("/api/v1/partners/{p}/sites/s1/offers/broken", partner)
                .then().statusCode(400)
                .body("errors.field", hasItem("gpuModel"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("availableUntil"));
        asPartner(partner).body(offer(2, "L40S-48GB", 8, "USD", "1.00", false))
                .put("/api/v1/partners/{p}/sites/s1/offers/broken", partner).then().statusCode(200)
                .body("outcome", equalTo("APPLIED")); // "broken" was never stored: sequence 2 is its first
    }

    @Test
    void badSearchParametersAre400NamingTheParameter() {
        asTenant("acme").queryParam("from", "yesterday").get("/api/v1/offers").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
        asTenant("acme").queryParam("gpuModel", "H999").queryParam("size", 1000).get("/api/v1/offers").then()
                .statusCode(400).body("errors.field", hasItem("size"));
        asTenant("acme").queryParam("gpuModel", "H999").get("/api/v1/offers").then()
                .statusCode(400).body("errors[0].field", equalTo("gpuModel"));
    }

    @Test
    void unknownAndMistypedFieldsAreNamed() {
        Map<String, Object> withExtra = new HashMap<>(site(COUNTRY, "EU", List.of()));
        withExtra.put("partnerId", "someone-else");
        asPartner("p1").body(withExtra).put("/api/v1/partners/p1/sites/s1").then().statusCode(400)
                .body("type", equalTo("urn:capacity-broker:problem:malformed-json"))
                .body("errors[0].field", equalTo("partnerId"));
        Map<String, Object> mistyped = new HashMap<>(offer(1, "L40S-48GB", 8, "USD", "1.00", false));
        mistyped.put("totalGpus", "eight");
        asPartner("p1").body(mistyped).put("/api/v1/partners/p1/sites/s1/offers/o1").then().statusCode(400)
                .body("errors[0].field", equalTo("totalGpus"));
    }

    @Test
    void malformedJsonIsAProblemDetail() {
        asPartner("p1").body("{\"name\": ").put("/api/v1/partners/p1/sites/s1").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:capacity-broker:problem:malformed-json"));
    }

    @Test
    void aPartnerCannotTouchAnotherPartnersSites() {
        String owner = unique("owner");
        publish(owner, "s1", COUNTRY, "EU", "pool", offer(1, "A100-SXM-80GB", 8, "USD", "1.20", false));
        asPartner("intruder").body(offer(9, "A100-SXM-80GB", 8, "USD", "0.01", false))
                .put("/api/v1/partners/{p}/sites/s1/offers/pool", owner).then().statusCode(404);
        asPartner("intruder").post("/api/v1/partners/{p}/sites/s1/heartbeat", owner).then().statusCode(404);
    }
}

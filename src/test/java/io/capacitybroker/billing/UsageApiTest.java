package io.capacitybroker.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.capacitybroker.billing.api.UsageReceipt;
import io.capacitybroker.billing.api.UsageRecord;
import io.capacitybroker.billing.service.UsageService;
import io.capacitybroker.billing.events.PartnerUsageConsumer;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.KafkaTestClient;
import io.capacitybroker.testsupport.PartnerEvents;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@SuppressWarnings("unchecked")
class UsageApiTest extends BrokerTest {
    private static final String MODEL = "H100-SXM-80GB";

    @Inject UsageService usageService;

    private final String partner = unique("singtel");
    private final String tenant = unique("acme");
    private String offerId;
    private String reservationId;
    /** The reservation runs 09:00-13:00 on the test day; the clock then stands at 14:00. */
    private Instant start;

    @BeforeEach
    void bookFourHoursOfEightGpus() {
        String country = "LU";
        offerId = publish(partner, "sg-1", country, "EU", "pool", offer(1, MODEL, 8, "USD", "2.345", false));
        Map<String, Object> request = request(MODEL, 8, 4, country);
        JsonPath quote = await().atMost(Duration.ofSeconds(10)).until(
                () -> asTenant(tenant).body(request).post("/api/v1/quotes").then().statusCode(200).extract().jsonPath(),
                q -> tokenOfMyOffer(q) != null);
        JsonPath booked = asTenant(tenant).header("Idempotency-Key", unique("k"))
                .body(Map.of("bookingToken", tokenOfMyOffer(quote)))
                .post("/api/v1/reservations").then().statusCode(201).extract().jsonPath();
        reservationId = booked.getString("id");
        start = Instant.parse(booked.getString("startAt"));
        clock.set(start.plus(Duration.ofHours(5)));
    }

    /** Other tests of this class published in the same country: book the option on this test's offer. */
    private String tokenOfMyOffer(JsonPath quote) {
        List<Map<String, Object>> options = quote.getList("options");
        for (Map<String, Object> option : options) {
            List<Map<String, Object>> legs = (List<Map<String, Object>>) option.get("legs");
            if (legs.size() == 1 && offerId.equals(legs.get(0).get("offerId"))) return (String) option.get("bookingToken");
        }
        return null;
    }

    private Map<String, Object> record(String recordId, String hours, int fromHour, int toHour) {
        Map<String, Object> record = new HashMap<>();
        record.put("recordId", recordId);
        record.put("reservationId", reservationId);
        record.put("offerId", offerId);
        record.put("gpuCount", 8);
        record.put("gpuHours", new BigDecimal(hours));
        record.put("periodStart", start.plus(Duration.ofHours(fromHour)).toString());
        record.put("periodEnd", start.plus(Duration.ofHours(toHour)).toString());
        return record;
    }

    private ValidatableResponse report(String asPartner, List<Map<String, Object>> records) {
        return asPartner(asPartner).body(Map.of("records", records)).post("/api/v1/partners/{p}/usage", partner).then();
    }

    @Test
    void aBatchIsStoredOnceAndARepeatIsADuplicateWhateverThePath() throws Throwable {
        List<Map<String, Object>> batch = List.of(record("h1", "8", 0, 1), record("h2-4", "23.5", 1, 4));
        report(partner, batch).statusCode(200)
                .body("created", equalTo(2)).body("duplicates", equalTo(0))
                .body("records.outcome", equalTo(List.of("CREATED", "CREATED")))
                .body("records[0].reconciliation", nullValue());
        report(partner, batch).statusCode(200)
                .body("created", equalTo(0)).body("records.outcome", equalTo(List.of("DUPLICATE", "DUPLICATE")));

        // The same record through the service method a Kafka consumer calls, with 23.500000 for 23.5.
        UsageRecord again = new UsageRecord("h2-4", reservationId, UUID.fromString(offerId), 8, new BigDecimal("23.500000"),
                start.plus(Duration.ofHours(1)), start.plus(Duration.ofHours(4)));
        UsageReceipt receipt = VertxContextSupport.subscribeAndAwait(() -> usageService.record(partner, List.of(again, again)));
        assertThat(receipt.records()).extracting(UsageReceipt.Outcome::outcome)
                .containsExactly(UsageReceipt.Result.DUPLICATE, UsageReceipt.Result.DUPLICATE);
        assertThat(storedRecords()).isEqualTo(2);
    }

    @Test
    void aRepeatedIdWithOtherContentIsAConflictAndNothingOfItsBatchIsStored() {
        report(partner, List.of(record("h1", "8", 0, 1))).statusCode(200);
        report(partner, List.of(record("h2", "8", 1, 2), record("h1", "7.5", 0, 1))).statusCode(409)
                .body("type", equalTo("urn:capacity-broker:problem:usage-record-conflict"))
                .body("errors.field", equalTo(List.of("records[1].recordId")));
        assertThat(storedRecords()).isEqualTo(1);
        report(partner, List.of(record("h2", "8", 1, 2))).statusCode(200).body("records[0].outcome", equalTo("CREATED"));
    }

    @Test
    void concurrentDeliveriesOfTheSameBatchStoreEachRecordOnce() throws Exception {
        List<Map<String, Object>> batch = List.of(record("c1", "8", 0, 1), record("c2", "8", 1, 2), record("c3", "8", 2, 3));
        List<Map<String, Object>> reversed = List.of(batch.get(2), batch.get(1), batch.get(0));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                List<Map<String, Object>> body = i % 2 == 0 ? batch : reversed;
                calls.add(CompletableFuture.supplyAsync(() -> report(partner, body).statusCode(200).extract().<Integer>path("created"), pool));
            }
            int created = calls.stream().mapToInt(CompletableFuture::join).sum();
            assertThat(created).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storedRecords()).isEqualTo(3);
    }

    @Test
    void everyInvalidFieldIsNamedAndNothingIsStored() {
        Map<String, Object> notAnHour = record("ok-but", "8", 0, 1);
        notAnHour.put("periodEnd", start.plus(Duration.ofMinutes(30)).toString());
        Map<String, Object> tooMuch = record("too-much", "8.5", 0, 1);
        Map<String, Object> future = record("future", "8", 5, 6);
        Map<String, Object> badId = record(" bad id", "1", 0, 1);
        Map<String, Object> missing = record("missing", "1", 0, 1);
        missing.remove("gpuCount");
        Map<String, Object> crossesMonth = record("month", "1", 0, 1);
        crossesMonth.put("periodStart", "2030-02-28T23:00:00Z");
        crossesMonth.put("periodEnd", "2030-03-01T01:00:00Z");
        report(partner, List.of(record("fine", "1", 0, 1), notAnHour, tooMuch, future, badId, missing, crossesMonth))
                .statusCode(400).body("type", equalTo("urn:capacity-broker:problem:validation"))
                .body("errors.field", equalTo(List.of("records[1].periodEnd", "records[2].gpuHours", "records[3].periodEnd",
                        "records[4].recordId", "records[5].gpuCount", "records[6].periodEnd")));
        report(partner, List.of()).statusCode(400).body("errors[0].field", equalTo("records"));
        report(partner, List.of(record("same", "1", 0, 1), record("same", "2", 0, 1))).statusCode(400)
                .body("errors[0].field", equalTo("records[1].recordId"));
        Map<String, Object> wrongType = record("typed", "1", 0, 1);
        wrongType.put("offerId", "not-a-uuid");
        report(partner, List.of(wrongType)).statusCode(400).body("errors[0].field", equalTo("records[0].offerId"));
        assertThat(storedRecords()).isZero();
    }

    @Test
    void usageOfAnotherPartnersReservationOrOfferIsNotFoundAndUsageWithoutReservationIsFlagged() {
        String stranger = unique("gmi");
        String strangersOffer = publish(stranger, "tpe-1", "LU", "EU", "pool", offer(1, MODEL, 8, "TWD", "90", false));
        Map<String, Object> foreignReservation = record("r", "1", 0, 1);
        foreignReservation.put("reservationId", "rsv_doesnotexist");
        Map<String, Object> foreignOffer = record("o", "1", 0, 1);
        foreignOffer.remove("reservationId");
        foreignOffer.put("offerId", strangersOffer);
        Map<String, Object> offerNotInReservation = record("x", "1", 0, 1);
        offerNotInReservation.put("offerId", strangersOffer);
        report(partner, List.of(record("fine", "1", 0, 1), foreignReservation, foreignOffer)).statusCode(404)
                .body("errors.field", equalTo(List.of("records[1].reservationId", "records[2].offerId")));
        asPartner(stranger).body(Map.of("records", List.of(record("s", "1", 0, 1)))).post("/api/v1/partners/{p}/usage", stranger)
                .then().statusCode(404).body("errors.field", equalTo(List.of("records[0].offerId")));
        asPartner(stranger).body(Map.of("records", List.of(record("s", "1", 0, 1)))).post("/api/v1/partners/{p}/usage", partner)
                .then().statusCode(404);
        asTenant(tenant).body(Map.of("records", List.of(record("s", "1", 0, 1)))).post("/api/v1/partners/{p}/usage", partner)
                .then().statusCode(403);
        assertThat(storedRecords()).isZero();

        Map<String, Object> unreserved = record("spot", "2", 0, 1);
        unreserved.remove("reservationId");
        report(partner, List.of(unreserved)).statusCode(200)
                .body("records[0].outcome", equalTo("CREATED")).body("records[0].reconciliation", equalTo("NO_RESERVATION"));
        report(partner, List.of(unreserved)).statusCode(200)
                .body("records[0].outcome", equalTo("DUPLICATE")).body("records[0].reconciliation", equalTo("NO_RESERVATION"));
    }

    @Test
    void usageOnKafkaIsStoredOnceWhateverThePathAndABadBatchGoesToTheDeadLetterTopic() {
        List<Map<String, Object>> batch = List.of(record("k1", "8", 0, 1), record("k2", "16", 1, 3));
        String source = "/partners/" + partner;
        String usageEvent = PartnerEvents.event(source, PartnerUsageConsumer.TYPE, reservationId, Map.of("records", batch));
        KafkaTestClient.send(PartnerUsageConsumer.TOPIC, reservationId, usageEvent);
        KafkaTestClient.send(PartnerUsageConsumer.TOPIC, reservationId, usageEvent);
        await().atMost(Duration.ofSeconds(30)).until(() -> storedRecords() == 2);
        report(partner, batch).statusCode(200).body("records.outcome", equalTo(List.of("DUPLICATE", "DUPLICATE")));

        // More GPU-hours than 8 GPUs can run in one hour: refused, dead-lettered, nothing stored.
        String tooMuch = PartnerEvents.event(source, PartnerUsageConsumer.TYPE, reservationId,
                Map.of("records", List.of(record("k3", "9", 3, 4))));
        KafkaTestClient.send(PartnerUsageConsumer.TOPIC, reservationId, tooMuch);
        var dead = KafkaTestClient.awaitRecords(PartnerUsageConsumer.TOPIC + ".dlq", 1, r -> reservationId.equals(r.key()));
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("gpuHours");
        assertThat(storedRecords()).isEqualTo(2);
    }

    private int storedRecords() {
        try (Connection c = PostgresTestResource.openConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from usage_record where partner_id = ?")) {
            s.setString(1, partner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

package io.capacitybroker.reservation.events;

import static io.capacitybroker.testsupport.KafkaTestClient.awaitRecords;
import static io.capacitybroker.testsupport.KafkaTestClient.header;
import static io.capacitybroker.testsupport.KafkaTestClient.send;
import static io.capacitybroker.testsupport.PartnerEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code partner.decisions} against the real Kafka broker: a site's decision goes through the same
 * service and checks as the REST call, bad records go to {@code partner.decisions.dlq} with the
 * reason while the records after them are still processed, and a redelivered decision is harmless.
 */
@QuarkusTest
class PartnerDecisionConsumerTest extends BrokerTest {
    private static final String TOPIC = "partner.decisions";
    private static final String DLQ = "partner.decisions.dlq";
    private static final String MODEL = "H100-SXM-80GB";
    private static final String ACCEPT = "io.capacitybroker.partner.reservation.accept.v1";
    private static final String REJECT = "io.capacitybroker.partner.reservation.reject.v1";

    private final String tenant = unique("acme");

    @Test
    void aSiteAcceptsOnKafkaAfterBadRecordsWentToTheDeadLetterTopicAndARedeliveryChangesNothing() {
        String partner = unique("singtel");
        String intruder = unique("intruder");
        String id = bookPending(partner);
        String source = "/partners/" + partner;

        send(TOPIC, id, "{not json");
        send(TOPIC, id, event("/partners/" + intruder, REJECT, id, Map.of("reason", "not mine to reject")));
        send(TOPIC, id, event(source, "io.capacitybroker.partner.reservation.maybe.v1", id, null));
        send(TOPIC, id, event(source, ACCEPT, id, Map.of("reason", "x".repeat(501))));
        send(TOPIC, id, event("partner " + partner, ACCEPT, id, null));
        String accept = event("decision-1", source, ACCEPT, id, Map.of("reason", "capacity ready"));
        send(TOPIC, id, accept);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reservation(id).getString("status")).isEqualTo("CONFIRMED"));
        List<ConsumerRecord<String, String>> dead = awaitRecords(DLQ, 5, r -> id.equals(r.key()));
        assertThat(dead).extracting(r -> header(r, "dead-letter-reason")).satisfiesExactly(
                reason -> assertThat(reason).contains("not a CloudEvent"),
                reason -> assertThat(reason).startsWith("not-found: reservation " + id),
                reason -> assertThat(reason).contains("unknown type io.capacitybroker.partner.reservation.maybe.v1"),
                reason -> assertThat(reason).startsWith("validation: data.reason"),
                reason -> assertThat(reason).contains("source must be /partners/{partnerId}"));
        assertThat(dead.get(0).value()).isEqualTo("{not json");

        // The same record again, then a bad one: once the bad one is dead-lettered, the duplicate was processed.
        send(TOPIC, id, accept);
        send(TOPIC, id, "marker");
        awaitRecords(DLQ, 6, r -> id.equals(r.key()));
        JsonPath after = reservation(id);
        assertThat(after.getString("status")).isEqualTo("CONFIRMED");
        assertThat(after.getList("history.to")).containsExactly("PENDING_PARTNER", "CONFIRMED");
        assertThat(after.getString("history[1].actor")).isEqualTo("partner:" + partner + "/kafka");
        assertThat(after.getString("history[1].reason")).isEqualTo("capacity ready");
    }

    @Test
    void aRejectionOnKafkaReleasesTheHold() {
        String partner = unique("singtel");
        String id = bookPending(partner);
        send(TOPIC, id, event("/partners/" + partner + "/sites/sg-1", REJECT, id, null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reservation(id).getString("status")).isEqualTo("REJECTED"));
        assertThat(reservation(id).getString("history[1].reason")).isEqualTo("rejected by site");
    }

    private String bookPending(String partner) {
        publish(partner, "sg-1", "SG", "SG", "pool", offer(1, MODEL, 8, "SGD", "4.00", true));
        return bookChoice(tenant, quoteAt(tenant, request(MODEL, 8, 2, "SG"), partner))
                .then().statusCode(201).extract().path("id");
    }

    private JsonPath reservation(String id) {
        return asTenant(tenant).get("/api/v1/reservations/{id}", id).then().statusCode(200).extract().jsonPath();
    }
}

package io.capacitybroker.catalog.events;

import static io.capacitybroker.testsupport.KafkaTestClient.awaitRecords;
import static io.capacitybroker.testsupport.KafkaTestClient.header;
import static io.capacitybroker.testsupport.KafkaTestClient.send;
import static io.capacitybroker.testsupport.PartnerEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code partner.inventory} against the real Kafka broker: publish and withdraw follow the REST
 * rules, sequences included (a stale or repeated record changes nothing), and refused records go to
 * {@code partner.inventory.dlq} with the reason while later records are still applied.
 */
@QuarkusTest
class PartnerInventoryConsumerTest extends BrokerTest {
    private static final String TOPIC = "partner.inventory";
    private static final String DLQ = "partner.inventory.dlq";
    private static final String PUBLISH = "io.capacitybroker.partner.offer.publish.v1";
    private static final String WITHDRAW = "io.capacitybroker.partner.offer.withdraw.v1";
    private static final String MODEL = "H200-141GB";
    private static final String COUNTRY = "GR";

    @Test
    void offersPublishedAndWithdrawnOnKafkaFollowTheSequenceRulesAndBadRecordsAreDeadLettered() {
        String partner = unique("eu");
        String other = unique("other");
        asPartner(partner).body(site(COUNTRY, "EU", List.of("ISO-27001")))
                .put("/api/v1/partners/{p}/sites/{s}", partner, "ath-1").then().statusCode(200);
        asPartner(partner).post("/api/v1/partners/{p}/sites/{s}/heartbeat", partner, "ath-1").then().statusCode(200);
        String source = "/partners/" + partner + "/sites/ath-1";
        String key = partner + "/ath-1/pool";

        Map<String, Object> invalid = new HashMap<>(offer(1, MODEL, 0, "EUR", "3.00", false));
        send(TOPIC, key, event(source, PUBLISH, "pool", invalid));
        Map<String, Object> unknownField = new HashMap<>(offer(1, MODEL, 16, "EUR", "3.00", false));
        unknownField.put("discount", "50%");
        send(TOPIC, key, event(source, PUBLISH, "pool", unknownField));
        send(TOPIC, key, event("/partners/" + other + "/sites/ath-1", PUBLISH, "pool", offer(1, MODEL, 16, "EUR", "1.00", false)));
        send(TOPIC, key, event("/partners/" + partner, PUBLISH, "pool", offer(1, MODEL, 16, "EUR", "1.00", false)));
        String published = event(source, PUBLISH, "pool", offer(2, MODEL, 16, "EUR", "3.00", false));
        send(TOPIC, key, published);
        send(TOPIC, key, event(source, PUBLISH, "pool", offer(1, MODEL, 64, "EUR", "9.00", false))); // older: ignored

        List<ConsumerRecord<String, String>> dead = awaitRecords(DLQ, 4, r -> key.equals(r.key()));
        assertThat(dead).extracting(r -> header(r, "dead-letter-reason")).satisfiesExactly(
                reason -> assertThat(reason).startsWith("validation: data.totalGpus"),
                reason -> assertThat(reason).contains("Unrecognized field \"discount\""),
                reason -> assertThat(reason).startsWith("not-found: site ath-1"),
                reason -> assertThat(reason).contains("source must name the site"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(listed(partner))
                .singleElement().satisfies(offer -> {
                    assertThat(offer.get("sequence")).isEqualTo(2);
                    assertThat(offer.get("totalGpus")).isEqualTo(16);
                    assertThat(new java.math.BigDecimal(offer.get("pricePerGpuHour").toString())).isEqualByComparingTo("3.00");
                }));

        send(TOPIC, key, published); // redelivered: same sequence, nothing changes
        send(TOPIC, key, event(source, WITHDRAW, "pool", Map.of("sequence", 3)));
        send(TOPIC, key, event(source, WITHDRAW, "pool", Map.of("sequence", 0)));
        awaitRecords(DLQ, 5, r -> key.equals(r.key()));
        assertThat(listed(partner)).isEmpty();
    }

    private List<Map<String, Object>> listed(String partner) {
        return asTenant("acme").queryParam("country", COUNTRY).queryParam("gpuModel", MODEL).queryParam("size", 100)
                .get("/api/v1/offers").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(o -> partner.equals(o.get("partnerId"))).toList();
    }
}

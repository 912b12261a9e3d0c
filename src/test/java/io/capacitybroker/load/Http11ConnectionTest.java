package io.capacitybroker.load;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load driver's HTTP client against the real broker: keep-alive, small and large (chunked) answers, bodies sent. */
@QuarkusTest
class Http11ConnectionTest extends BrokerTest {

    @Test
    void manyExchangesShareOneConnectionAndReadWhatRestAssuredReads() throws Exception {
        String openapi = given().get("/q/openapi").then().statusCode(200).extract().asString();
        try (Http11Connection connection = new Http11Connection("127.0.0.1", RestAssured.port, 10_000)) {
            Http11Connection.Answer health = connection.exchange("GET", "/q/health/live", Map.of(), null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).contains("\"UP\"");

            Http11Connection.Answer big = connection.exchange("GET", "/q/openapi", Map.of(), null);
            assertThat(big.body()).isEqualTo(openapi);

            Http11Connection.Answer me = connection.exchange("GET", "/api/v1/me",
                    Map.of("Authorization", "Bearer " + Tokens.tenant("acme")), null);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.body()).contains("\"tenantId\":\"acme\"");

            Http11Connection.Answer refused = connection.exchange("POST", "/api/v1/quotes",
                    Map.of("Authorization", "Bearer " + Tokens.tenant("acme"), "Content-Type", "application/json"),
                    "{\"gpuCount\": -1}".getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.body()).contains("gpuCount");
            assertThat(refused.keepAlive()).isTrue();
        }
    }
}

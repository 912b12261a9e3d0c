package io.capacitybroker.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.capacitybroker.testsupport.BrokerTest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The endpoints the Helm chart's probes call (helm/capacity-broker, docs/operations.md). */
@QuarkusTest
class HealthTest extends BrokerTest {

    @Test
    void readinessChecksTheDatabaseKafkaAndTheOidcProvider() {
        given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Reactive PostgreSQL connections health check", "SmallRye Reactive Messaging - readiness check",
                        "Kafka connection health check", "OIDC provider"))
                .body("checks.name", not(hasItem("Database connections health check"))) // JDBC is for migrations only
                .body("checks.find { it.name == 'OIDC provider' }.data.discovery",
                        equalTo("none: tokens are verified with a configured public key"));
    }

    @Test
    void livenessAndStartupAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }
}

package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A verified API token is remembered until it expires, and only that exact token. */
@QuarkusTest
class VerifiedTokensTest extends BrokerTest {
    @Inject MeterRegistry registry;

    @Test
    void aTokenIsVerifiedOnceThenRememberedForTheRequestsThatFollow() {
        String token = Tokens.tenant(unique("tenant-vt"));
        double verified = count("verified");
        double remembered = count("remembered");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200).body("roles[0]", equalTo("tenant"));
        }

        assertThat(count("verified") - verified).isEqualTo(1);
        assertThat(count("remembered") - remembered).isEqualTo(2);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() {
        String token = Tokens.shortLivedTenant(unique("tenant-vt"), Duration.ofSeconds(2));
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(token).get("/api/v1/me").statusCode() == 401);
    }

    @Test
    void anAlteredCopyOfARememberedTokenIsVerifiedAndRefused() {
        String token = Tokens.tenant(unique("tenant-vt"));
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        // A character inside the signature: the last one may only carry padding bits a decoder ignores.
        int at = token.length() - 10;
        String altered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        given().auth().oauth2(altered).get("/api/v1/me").then().statusCode(401);
        given().auth().oauth2(token + ".").get("/api/v1/me").then().statusCode(401);
    }

    private double count(String check) {
        var counter = registry.find(BrokerMetrics.TOKENS).tag("check", check).counter();
        return counter == null ? 0 : counter.count();
    }
}

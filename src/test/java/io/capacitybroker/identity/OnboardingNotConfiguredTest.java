package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker started without Keycloak's admin credentials works, and onboarding says what is missing. */
@QuarkusTest
class OnboardingNotConfiguredTest extends BrokerTest {

    @Test
    void onboardingWithoutAdminCredentialsIs503NamingTheSettings() {
        given().auth().oauth2(Tokens.withRoles("adam", List.of("admin"))).contentType(ContentType.JSON)
                .body(Map.of("partnerId", "nordic", "name", "Nordic AI"))
                .post("/api/v1/admin/partners").then().statusCode(503)
                .body("type", equalTo("urn:capacity-broker:problem:not-configured"))
                .body("detail", containsString("KEYCLOAK_ADMIN_CLIENT_SECRET"));
    }
}

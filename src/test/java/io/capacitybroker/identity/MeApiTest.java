package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/v1/me says what the token stands for, as every other endpoint reads it. */
@QuarkusTest
class MeApiTest extends BrokerTest {

    @Test
    void aTenantUserSeesItsTenantAndOnlyTheBrokersRoles() {
        String token = Tokens.token("alice@acme", List.of("tenant", "offline_access", "uma_authorization"),
                Map.of("tenant_id", "acme"));
        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200)
                .body("user", equalTo("alice@acme")).body("roles", contains("tenant"))
                .body("tenantId", equalTo("acme")).body("partnerId", nullValue());
    }

    @Test
    void aPartnerClientSeesItsPartner() {
        given().auth().oauth2(Tokens.partner("gmi-magna")).get("/api/v1/me").then().statusCode(200)
                .body("user", equalTo("service-account-gmi-magna")).body("roles", contains("partner"))
                .body("partnerId", equalTo("gmi-magna")).body("tenantId", nullValue());
    }

    @Test
    void financeHasNoOrganisation() {
        given().auth().oauth2(Tokens.withRoles("fiona", List.of("finance"))).get("/api/v1/me").then().statusCode(200)
                .body("roles", contains("finance")).body("tenantId", nullValue()).body("partnerId", nullValue());
    }

    @Test
    void withoutTheBrokersRolesOrATokenItIsRefused() {
        given().auth().oauth2(Tokens.withRoles("nobody", List.of("offline_access"))).get("/api/v1/me").then().statusCode(403);
        given().get("/api/v1/me").then().statusCode(401).body("status", equalTo(401));
    }
}

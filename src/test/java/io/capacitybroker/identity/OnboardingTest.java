package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.capacitybroker.testsupport.KeycloakProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.capacitybroker.testsupport.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.UserRepresentation;

/** Onboarding against a real Keycloak: what it creates works, and a failure half-way leaves nothing. */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class OnboardingTest {
    private static final String REALM = "capacity-broker";

    private final Keycloak keycloak = KeycloakTokens.admin();

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static RequestSpecification asAdmin() {
        return given().auth().oauth2(KeycloakTokens.user(User.ADAM_ADMIN)).contentType(ContentType.JSON);
    }

    @Test
    void anOnboardedPartnerGetsWorkingCredentialsOnceAndCannotBeOnboardedTwice() {
        String partnerId = id("nordic");
        var credentials = asAdmin().body(Map.of("partnerId", partnerId, "name", "Nordic AI factory"))
                .post("/api/v1/admin/partners").then().statusCode(201)
                .body("clientId", equalTo("partner-" + partnerId))
                .body("clientSecret", notNullValue())
                .extract().jsonPath();

        String token = KeycloakTokens.clientCredentials(credentials.getString("clientId"), credentials.getString("clientSecret"));
        assertThat(KeycloakTokens.claims(token).get("partner_id").asText()).isEqualTo(partnerId);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Oslo", "country", "NO", "region", "Oslo", "jurisdiction", "NO",
                        "certifications", List.of("ISO-27001"), "sovereignty", List.of()))
                .put("/api/v1/partners/{p}/sites/osl-1", partnerId).then().statusCode(200);

        asAdmin().body(Map.of("partnerId", partnerId, "name", "again")).post("/api/v1/admin/partners")
                .then().statusCode(409).body("type", equalTo("urn:capacity-broker:problem:already-exists"));
    }

    @Test
    void anOnboardedTenantsFirstUserCarriesTheTenantAndMustChooseAPassword() throws Exception {
        String tenantId = id("initech");
        asAdmin().body(Map.of("tenantId", tenantId, "name", "Initech",
                        "firstUser", Map.of("email", tenantId + "@initech.example", "firstName", "Peter", "lastName", "Gibbons")))
                .post("/api/v1/admin/tenants").then().statusCode(201)
                .body("organisation", equalTo("tenant-" + tenantId))
                .body("firstUsername", equalTo(tenantId + "@initech.example"))
                .body("temporaryPassword", notNullValue());

        UserRepresentation user = keycloak.realm(REALM).users().search(tenantId + "@initech.example", true).get(0);
        assertThat(user.getAttributes()).containsEntry("tenant_id", List.of(tenantId));
        assertThat(user.getRequiredActions()).contains("UPDATE_PASSWORD");
        assertThat(keycloak.realm(REALM).users().get(user.getId()).groups()).extracting(g -> g.getName())
                .containsExactly("tenant-" + tenantId);
        assertThat(count("select count(*) from tenant where id = ?", tenantId)).isEqualTo(1);
    }

    @Test
    void aKeycloakFailureHalfWayLeavesNeitherKeycloakNorTheBrokerWithATenant() throws Exception {
        String tenantId = id("dup");
        // alice's e-mail is taken: Keycloak refuses the user after the organisation was created.
        asAdmin().body(Map.of("tenantId", tenantId, "name", "Duplicate",
                        "firstUser", Map.of("email", "alice@acme.example", "firstName", "A", "lastName", "B")))
                .post("/api/v1/admin/tenants").then().statusCode(409);

        assertThat(keycloak.realm(REALM).groups().groups("tenant-" + tenantId, 0, 10)).isEmpty();
        assertThat(count("select count(*) from tenant where id = ?", tenantId)).isZero();
    }

    @Test
    void aBrokerFailureAfterKeycloakRemovesWhatKeycloakCreated() throws Exception {
        String partnerId = id("refused");
        try (Connection db = PostgresTestResource.openConnection(); Statement sql = db.createStatement()) {
            sql.execute("create function refuse_partner() returns trigger language plpgsql as $$ begin "
                    + "if new.id = '" + partnerId + "' then raise exception 'refused by test'; end if; return new; end $$");
            sql.execute("create trigger refuse_partner before insert on partner for each row execute function refuse_partner()");
        }
        try {
            asAdmin().body(Map.of("partnerId", partnerId, "name", "Refused")).post("/api/v1/admin/partners")
                    .then().statusCode(500);
            assertThat(keycloak.realm(REALM).clients().findByClientId("partner-" + partnerId)).isEmpty();
            assertThat(count("select count(*) from partner where id = ?", partnerId)).isZero();
        } finally {
            try (Connection db = PostgresTestResource.openConnection(); Statement sql = db.createStatement()) {
                sql.execute("drop trigger refuse_partner on partner");
                sql.execute("drop function refuse_partner()");
            }
        }
    }

    private static long count(String query, String id) throws Exception {
        try (Connection db = PostgresTestResource.openConnection(); PreparedStatement q = db.prepareStatement(query)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package io.capacitybroker.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.testsupport.KeycloakProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.Partner;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The broker against a real Keycloak (started fresh for this profile by KeycloakTestResource),
 * with real tokens from the password and client-credentials grants of the realm file.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class KeycloakIntegrationTest {
    private final Keycloak keycloak = KeycloakTokens.admin();
    private static final Map<String, Object> SITE = Map.of("name", "GMI Cloud / Magna AI factory, Taipei",
            "country", "TW", "region", "Taipei", "jurisdiction", "TW",
            "certifications", List.of("ISO-27001"), "sovereignty", List.of("data-residency"));

    @Test
    void theBrokerTrustsTheRealmAndNotTheFastTestsKeyPair() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.oidc.auth-server-url", String.class))
                .isEqualTo(KeycloakTokens.realmUrl("capacity-broker"));
        // The global TokenTestResource of the fast tests must not leak its settings into this profile.
        assertThat(config.getOptionalValue("quarkus.oidc.public-key", String.class)).isEmpty();
        assertThat(config.getOptionalValue("quarkus.oidc.discovery-enabled", Boolean.class)).isNotEqualTo(java.util.Optional.of(false));
        assertThat(config.getValue("quarkus.oidc.token.audience", String.class)).isEqualTo("capacity-broker-api");
    }

    /** Readiness asks the real realm for its discovery document (identity.health.OidcProviderHealthCheck). */
    @Test
    void readinessReachesTheRealmsDiscoveryDocument() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'OIDC provider' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'OIDC provider' }.data.discovery", equalTo(
                        KeycloakTokens.realmUrl("capacity-broker") + "/.well-known/openid-configuration"));
    }

    @Test
    void aTenantUserWithThePasswordGrantSeesItsReservations() {
        String token = KeycloakTokens.user(User.ALICE_ACME);

        JsonNode claims = KeycloakTokens.claims(token);
        assertThat(claims.path("tenant_id").asText()).isEqualTo("acme");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("\"tenant\"");
        assertThat(claims.path("aud").toString()).contains("capacity-broker-api");
        assertThat(claims.has("partner_id")).isFalse();

        bearer(token).get("/api/v1/reservations").then().statusCode(200);
    }

    @Test
    void aPartnerServiceAccountRegistersItsOwnSiteButNotAnotherPartners() {
        String token = KeycloakTokens.partner(Partner.GMI_MAGNA);

        JsonNode claims = KeycloakTokens.claims(token);
        assertThat(claims.path("partner_id").asText()).isEqualTo("gmi-magna");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("\"partner\"");
        assertThat(claims.has("tenant_id")).isFalse();

        bearer(token).body(SITE).put("/api/v1/partners/gmi-magna/sites/tpe-1").then().statusCode(200);
        // Another partner's path answers 404, as if it did not exist.
        bearer(token).body(SITE).put("/api/v1/partners/singtel/sites/sg-1").then().statusCode(404);
    }

    @Test
    void theRoleDecidesWhichApiAUserMayCall() {
        bearer(KeycloakTokens.user(User.ALICE_ACME)).body(SITE)
                .put("/api/v1/partners/gmi-magna/sites/tpe-1").then().statusCode(403);
        bearer(KeycloakTokens.partner(Partner.SINGTEL)).get("/api/v1/reservations").then().statusCode(403);
        bearer(KeycloakTokens.user(User.FIONA_FINANCE)).get("/api/v1/reservations").then().statusCode(403);
    }

    @Test
    void noTokenIsUnauthorized() {
        given().get("/api/v1/reservations").then().statusCode(401);
        given().contentType(ContentType.JSON).body(SITE)
                .put("/api/v1/partners/gmi-magna/sites/tpe-1").then().statusCode(401);
    }

    @Test
    void aValidTokenOfAnotherIssuerIsUnauthorized() {
        // Genuinely signed by the same Keycloak server, but by its master realm.
        bearer(KeycloakTokens.masterRealmAdmin()).get("/api/v1/reservations").then().statusCode(401);
    }

    @Test
    void aTokenWithATamperedSignatureIsUnauthorized() {
        String token = KeycloakTokens.user(User.ALICE_ACME);
        bearer(flipSignatureByte(token)).get("/api/v1/reservations").then().statusCode(401);
    }

    @Test
    void aTokenShapedLikeTheRealmsButSignedByAnotherKeyIsUnauthorized() throws Exception {
        JsonNode real = KeycloakTokens.claims(KeycloakTokens.user(User.ALICE_ACME));
        String realKid = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(
                KeycloakTokens.user(User.ALICE_ACME).split("\\.")[0])).path("kid").asText();
        Instant now = Instant.now();
        Map<String, Object> claims = Map.of("iss", real.path("iss").asText(), "aud", "capacity-broker-api",
                "sub", real.path("sub").asText(), "iat", now.getEpochSecond(), "exp", now.plusSeconds(300).getEpochSecond(),
                "realm_access", Map.of("roles", List.of("tenant")), "tenant_id", "acme", "typ", "Bearer");

        bearer(signWithAFreshKey(realKid, claims)).get("/api/v1/reservations").then().statusCode(401);
        bearer(signWithAFreshKey("unknown-key", claims)).get("/api/v1/reservations").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        // This client's access tokens live 5 seconds (realm file), so expiry needs no crafted token.
        String token = KeycloakTokens.password(KeycloakTokens.SHORT_LIVED_CLIENT,
                User.ALICE_ACME.username, User.ALICE_ACME.password);
        JsonNode claims = KeycloakTokens.claims(token);
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(5);

        bearer(token).get("/api/v1/reservations").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                bearer(token).get("/api/v1/reservations").then().statusCode(401));
        assertThat(Instant.now().getEpochSecond()).isGreaterThanOrEqualTo(claims.path("exp").asLong());
    }

    private static RequestSpecification bearer(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String flipSignatureByte(String jwt) {
        int dot = jwt.lastIndexOf('.');
        byte[] signature = Base64.getUrlDecoder().decode(jwt.substring(dot + 1));
        signature[signature.length / 2] ^= 0x01;
        return jwt.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String signWithAFreshKey(String kid, Map<String, Object> claims) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String header = b64.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", kid)));
        String body = b64.encodeToString(json.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(generator.generateKeyPair().getPrivate());
        rsa.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
        return header + "." + body + "." + b64.encodeToString(rsa.sign());
    }

    @Test
    void aTokenIssuedForAnotherAudienceIs401() {
        // A client of the same realm without the audience mapper: a genuine token, not meant for the broker.
        String clientId = "no-audience-" + UUID.randomUUID().toString().substring(0, 8);
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(false);
        keycloak.realm("capacity-broker").clients().create(client).close();
        try {
            String token = KeycloakTokens.password(clientId, User.ALICE_ACME.username, User.ALICE_ACME.password);
            assertThat(KeycloakTokens.claims(token).path("aud").toString()).doesNotContain("capacity-broker-api");
            bearer(token).get("/api/v1/reservations").then().statusCode(401);
        } finally {
            keycloak.realm("capacity-broker").clients().findByClientId(clientId)
                    .forEach(c -> keycloak.realm("capacity-broker").clients().get(c.getId()).remove());
        }
    }

    @Test
    void aTenantCannotNameAnotherTenantInABody() {
        String alice = KeycloakTokens.user(User.ALICE_ACME);
        Map<String, Object> quote = new java.util.HashMap<>(Map.of("gpuModels", List.of("H100-SXM-80GB"), "gpuCount", 1,
                "durationHours", 1, "earliestStart", "2031-01-01T00:00:00Z", "latestStart", "2031-01-01T00:00:00Z"));
        quote.put("tenantId", "globex");
        bearer(alice).body(quote).post("/api/v1/quotes").then().log().ifValidationFails().statusCode(400)
                .body("errors[0].field", equalTo("tenantId"));
        bearer(alice).body(Map.of("bookingToken", "x", "tenant_id", "globex"))
                .header("Idempotency-Key", "k").post("/api/v1/reservations").then().statusCode(400);
    }
}

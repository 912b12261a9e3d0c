package io.capacitybroker.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Real access tokens from the Keycloak that {@link KeycloakTestResource} started: the password
 * grant (through the realm's {@code capacity-broker-cli} client, the only ones with direct access
 * grants) and the client-credentials grant (partner service accounts). Demo users and secrets are
 * those of {@code src/main/keycloak/capacity-broker-realm.json}.
 */
public final class KeycloakTokens {
    /** Public client with the password grant only. */
    public static final String CLI_CLIENT = "capacity-broker-cli";
    /** Like {@link #CLI_CLIENT}, but its access tokens live 5 seconds (for expiry tests). */
    public static final String SHORT_LIVED_CLIENT = "capacity-broker-cli-short-lived";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private KeycloakTokens() {}

    /** Demo users: username and password. */
    public enum User {
        ALICE_ACME("alice@acme", "demo-alice"),
        BOB_GLOBEX("bob@globex", "demo-bob"),
        FIONA_FINANCE("fiona", "demo-fiona"),
        ADAM_ADMIN("adam", "demo-adam"),
        /** A partner's person (user attribute partner_id = gmi-magna), for the portal. */
        PAT_GMI_MAGNA("pat@gmi-magna", "demo-pat");

        public final String username;
        public final String password;

        User(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    /** Demo partner service accounts: client id {@code partner-<id>}, secret {@code partner-<id>-demo-secret}. */
    public enum Partner {
        GMI_MAGNA("gmi-magna"), SINGTEL("singtel"), EU_SOVEREIGN("eu-sovereign");

        public final String partnerId;

        Partner(String partnerId) {
            this.partnerId = partnerId;
        }

        public String clientId() {
            return "partner-" + partnerId;
        }

        public String secret() {
            return "partner-" + partnerId + "-demo-secret";
        }
    }

    /** An access token for a demo user (password grant, {@value #CLI_CLIENT}). */
    public static String user(User user) {
        return password(CLI_CLIENT, user.username, user.password);
    }

    /** An access token of a partner's service account (client-credentials grant). */
    public static String partner(Partner partner) {
        return clientCredentials(partner.clientId(), partner.secret());
    }

    public static String password(String clientId, String username, String password) {
        return accessToken(realmUrl(KeycloakTestResource.REALM), Map.of(
                "grant_type", "password", "client_id", clientId, "username", username, "password", password));
    }

    public static String clientCredentials(String clientId, String secret) {
        return accessToken(realmUrl(KeycloakTestResource.REALM), Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /**
     * A genuine token of the same server's {@code master} realm (the bootstrap admin through
     * {@code admin-cli}): validly signed, but by another issuer with another key.
     */
    public static String masterRealmAdmin() {
        String password = System.getProperty(KeycloakTestResource.PROP_ADMIN_PASSWORD);
        if (password == null) throw new IllegalStateException("KeycloakTestResource has not started");
        return accessToken(realmUrl("master"), Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakTestResource.ADMIN_USER, "password", password));
    }

    /** The realm's base URL, e.g. {@code http://127.0.0.1:PORT/realms/capacity-broker}. */
    public static String realmUrl(String realm) {
        String url = System.getProperty(KeycloakTestResource.PROP_URL);
        if (url == null) throw new IllegalStateException("KeycloakTestResource has not started");
        return url + "/realms/" + realm;
    }

    /** The claims of a token, decoded without any check (for assertions on what Keycloak issued). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalStateException("not a JWT: " + jwt, e);
        }
    }

    private static String accessToken(String realmUrl, Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request " + form.get("grant_type") + " for "
                        + form.getOrDefault("username", form.get("client_id")) + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("token request to " + realmUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Keycloak's admin API as the broker's onboarding service account, for tests that inspect the realm. */
    public static Keycloak admin() {
        String url = System.getProperty(KeycloakTestResource.PROP_URL);
        if (url == null) throw new IllegalStateException("KeycloakTestResource has not started");
        return KeycloakBuilder.builder().serverUrl(url).realm(KeycloakTestResource.REALM)
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId("capacity-broker-admin")
                .clientSecret(KeycloakTestResource.ONBOARDING_CLIENT_SECRET).build();
    }
}

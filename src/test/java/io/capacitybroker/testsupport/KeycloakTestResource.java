package io.capacitybroker.testsupport;

import java.util.Map;

/**
 * A real Keycloak for the integration tests, without Docker: {@link #start()} runs
 * {@code src/main/scripts/keycloak.sh start} (the first run on a machine downloads
 * {@code keycloak-quarkus-dist} from Maven Central through the Maven wrapper), which starts a fresh
 * instance under {@code target/keycloak/test-<8 hex>} with the realm file imported into an empty
 * database, and points the broker's OIDC at its {@code capacity-broker} realm. {@link #stop()}
 * stops it; a JVM shutdown hook does the same should the test run end without {@code stop()}, and
 * the script's watcher stops it should this JVM be killed outright.
 *
 * <p>Used through {@link KeycloakProfile}, not globally: the fast API tests keep their local key
 * pair ({@link TokenTestResource}). The URL and the bootstrap admin travel in system properties,
 * because Quarkus loads test classes twice (see {@link KeycloakTokens}).
 */
public class KeycloakTestResource extends ScriptedService {
    static final String SCRIPT = "src/main/scripts/keycloak.sh";
    static final String PROP_URL = "capacitybroker.test.keycloak.url";
    static final String PROP_ADMIN_PASSWORD = "capacitybroker.test.keycloak.admin-password";

    public static final String REALM = "capacity-broker";
    public static final String API_CLIENT = "capacity-broker-api";
    /** The API client's secret in the realm file (demo value; only used for token introspection). */
    public static final String API_CLIENT_SECRET = "capacity-broker-api-demo-secret";
    public static final String ADMIN_USER = "admin";
    /** The broker's onboarding service account in the realm file (demo value). */
    public static final String ONBOARDING_CLIENT_SECRET = "capacity-broker-admin-demo-secret";

    // The first start on a machine downloads ~180 MB and re-augments Keycloak: allow for it.
    private static final long START_TIMEOUT_MINUTES = 15;

    public KeycloakTestResource() {
        super(SCRIPT, "Keycloak", "CB_KEYCLOAK_OWNER_PID", START_TIMEOUT_MINUTES);
    }

    @Override
    public Map<String, String> start() {
        String adminPassword = randomHex(12);
        // The portal's login redirects back to the port the test suite serves on (CB_TEST_PORT).
        String testPort = System.getenv().getOrDefault("CB_TEST_PORT", "8081");
        String url = startInstance("keycloak",
                Map.of("CB_KEYCLOAK_ADMIN_USER", ADMIN_USER, "CB_KEYCLOAK_ADMIN_PASSWORD", adminPassword,
                        "CB_KEYCLOAK_PORTAL_PORT", testPort),
                "KEYCLOAK_URL");
        System.setProperty(PROP_URL, url);
        System.setProperty(PROP_ADMIN_PASSWORD, adminPassword);

        return Map.of(
                "quarkus.oidc.auth-server-url", url + "/realms/" + REALM,
                "quarkus.oidc.client-id", API_CLIENT,
                "quarkus.oidc.credentials.secret", API_CLIENT_SECRET,
                "quarkus.oidc.token.audience", API_CLIENT,
                "broker.identity.admin.server-url", url,
                "broker.identity.admin.client-secret", ONBOARDING_CLIENT_SECRET);
    }

    @Override
    protected void clearPublished() {
        System.clearProperty(PROP_URL);
        System.clearProperty(PROP_ADMIN_PASSWORD);
    }
}

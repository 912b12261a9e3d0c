package io.capacitybroker.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Tests against a real Keycloak: a fresh database, a fresh Kafka and a fresh Keycloak, and none of the global
 * resources of {@link BrokerTest}. Without {@link #disableGlobalTestResources()} the global
 * {@link TokenTestResource} would start as well and its settings (a fixed public key, discovery
 * off, another issuer) would mix with Keycloak's, so tokens from Keycloak would be refused.
 * Quarkus starts the application once per profile; test classes of one profile share it.
 */
public class KeycloakProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresTestResource.class), new TestResourceEntry(KafkaTestResource.class),
                new TestResourceEntry(KeycloakTestResource.class));
    }

    /** Stripe is not configured, except the webhook secret: unsigned webhooks are then refused as such. */
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("broker.stripe.webhook-secret", "whsec_keycloak_profile");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}

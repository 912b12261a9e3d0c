package io.capacitybroker.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Makes the broker verify bearer tokens against a key pair made for this test run, so tests can
 * send real signed JWTs (any tenant, partner or role per request) through the real OIDC checks.
 * The private key travels in a system property because Quarkus tests load classes twice.
 */
public class TokenTestResource implements QuarkusTestResourceLifecycleManager {
    static final String PRIVATE_KEY_PROPERTY = "capacitybroker.test.token.private-key";
    public static final String ISSUER = "https://issuer.test.capacitybroker.invalid";
    public static final String AUDIENCE = "capacity-broker-api";

    @Override
    public Map<String, String> start() {
        KeyPair keys = newKeyPair();
        System.setProperty(PRIVATE_KEY_PROPERTY, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        return Map.of(
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.discovery-enabled", "false",
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE,
                // No Keycloak here to log in to: the portal's code-flow tenant stays off.
                "quarkus.oidc.portal.tenant-enabled", "false");
    }

    @Override
    public void stop() {
        System.clearProperty(PRIVATE_KEY_PROPERTY);
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

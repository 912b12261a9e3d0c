package io.capacitybroker.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signed RS256 bearer tokens shaped like Keycloak's: realm roles and organisation claims.
 *
 * <p>The static methods sign with the key pair of {@link TokenTestResource} (API tests). Programs
 * that start the broker themselves, such as the load driver, make a {@code Tokens} with their own
 * key, issuer and audience ({@link #signedWith}) and use the instance methods: the same claims,
 * the same signing code.
 */
public final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    private final PrivateKey key;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;

    private Tokens(PrivateKey key, String issuer, String audience, Duration lifetime) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    /** Tokens signed with {@code key} for a broker that trusts its public key, issuer and audience. */
    public static Tokens signedWith(PrivateKey key, String issuer, String audience, Duration lifetime) {
        return new Tokens(key, issuer, audience, lifetime);
    }

    // --- with the key pair of TokenTestResource -------------------------------------------------

    public static String tenant(String tenantId) {
        return ofTestResource().tenantToken(tenantId);
    }

    public static String partner(String partnerId) {
        return ofTestResource().partnerToken(partnerId);
    }

    public static String withRoles(String subject, List<String> roles) {
        return ofTestResource().signed(subject, roles, Map.of());
    }

    public static String token(String subject, List<String> roles, Map<String, Object> claims) {
        return ofTestResource().signed(subject, roles, claims);
    }

    /** A tenant user's token that expires {@code lifetime} from now. */
    public static String shortLivedTenant(String tenantId, Duration lifetime) {
        return ofTestResource(lifetime).tenantToken(tenantId);
    }

    private static Tokens ofTestResource() {
        return ofTestResource(DEFAULT_LIFETIME);
    }

    private static Tokens ofTestResource(Duration lifetime) {
        return new Tokens(testResourceKey(), TokenTestResource.ISSUER, TokenTestResource.AUDIENCE, lifetime);
    }

    // --- with this instance's key -----------------------------------------------------------------

    /** A tenant user's token: role {@code tenant} and claim {@code tenant_id}. */
    public String tenantToken(String tenantId) {
        return signed("user@" + tenantId, List.of("tenant"), Map.of("tenant_id", tenantId));
    }

    /** A partner's service-account token: role {@code partner} and claim {@code partner_id}. */
    public String partnerToken(String partnerId) {
        return signed("service-account-" + partnerId, List.of("partner"), Map.of("partner_id", partnerId));
    }

    public String signed(String subject, List<String> roles, Map<String, Object> claims) {
        Instant now = Instant.now();
        Map<String, Object> payload = new HashMap<>(claims);
        payload.put("iss", issuer);
        payload.put("aud", audience);
        payload.put("sub", subject);
        payload.put("preferred_username", subject);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plus(lifetime).getEpochSecond());
        payload.put("realm_access", Map.of("roles", roles));
        return sign(payload);
    }

    private String sign(Map<String, Object> payload) {
        try {
            String header = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String body = B64.encodeToString(JSON.writeValueAsBytes(payload));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + B64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    /** An RSA private key from its base64 PKCS#8 encoding. */
    public static PrivateKey privateKey(String base64Pkcs8) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not an RSA private key in base64 PKCS#8", e);
        }
    }

    private static PrivateKey testResourceKey() {
        String encoded = System.getProperty(TokenTestResource.PRIVATE_KEY_PROPERTY);
        if (encoded == null) throw new IllegalStateException("TokenTestResource has not started");
        return privateKey(encoded);
    }
}

package io.capacitybroker.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Signed RS256 bearer tokens shaped like Keycloak's: realm roles and organisation claims. */
public final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Tokens() {}

    public static String tenant(String tenantId) {
        return token("user@" + tenantId, List.of("tenant"), Map.of("tenant_id", tenantId));
    }

    public static String partner(String partnerId) {
        return token("service-account-" + partnerId, List.of("partner"), Map.of("partner_id", partnerId));
    }

    public static String withRoles(String subject, List<String> roles) {
        return token(subject, roles, Map.of());
    }

    public static String token(String subject, List<String> roles, Map<String, Object> claims) {
        Instant now = Instant.now();
        Map<String, Object> payload = new HashMap<>(claims);
        payload.put("iss", TokenTestResource.ISSUER);
        payload.put("aud", TokenTestResource.AUDIENCE);
        payload.put("sub", subject);
        payload.put("preferred_username", subject);
        payload.put("iat", now.getEpochSecond());
        payload.put("exp", now.plusSeconds(3600).getEpochSecond());
        payload.put("realm_access", Map.of("roles", roles));
        return sign(payload);
    }

    private static String sign(Map<String, Object> payload) {
        try {
            String header = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT")));
            String body = B64.encodeToString(JSON.writeValueAsBytes(payload));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey());
            rsa.update((header + "." + body).getBytes(StandardCharsets.US_ASCII));
            return header + "." + body + "." + B64.encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign test token", e);
        }
    }

    private static PrivateKey privateKey() throws GeneralSecurityException {
        String encoded = System.getProperty(TokenTestResource.PRIVATE_KEY_PROPERTY);
        if (encoded == null) throw new IllegalStateException("TokenTestResource has not started");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(encoded)));
    }
}

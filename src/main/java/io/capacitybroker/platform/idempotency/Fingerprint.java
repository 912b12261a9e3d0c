package io.capacitybroker.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 (hex) of a request's normalised parts joined by newlines: equal for a repeat, different
 * for another request under the same key. Stored fingerprints are compared across releases, so the
 * encoding never changes; a caller whose parts may hold newlines puts that part last.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(String... parts) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

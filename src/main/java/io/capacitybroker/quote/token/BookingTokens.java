package io.capacitybroker.quote.token;

import io.capacitybroker.platform.config.BrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies booking tokens (ADR 0016). A token is the option's bytes
 * ({@link BookingTokenCodec}) followed by an HMAC-SHA256 over the tenant id and those bytes,
 * truncated to 128 bits, in URL-safe base64. Only the broker knows the key, so a token cannot be
 * altered (a lower price, more GPUs, a later expiry) or used by another tenant; every replica
 * shares the key, so any replica can book what another quoted, with nothing stored per quote.
 */
@ApplicationScoped
public class BookingTokens {
    static final int MAC_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Signs with the first; verifies with each, so that tokens issued before a key rotation stay bookable until they expire. */
    private final List<ThreadLocal<Mac>> keys;

    @Inject
    public BookingTokens(BrokerConfig config) {
        this(Stream.concat(Stream.of(config.quoteSigningKey()), config.quoteSigningPreviousKey().stream()).toList());
    }

    BookingTokens(List<String> secrets) {
        this.keys = secrets.stream().map(BookingTokens::macFor).toList();
    }

    public String issue(String tenantId, BookableOption option) {
        byte[] payload = BookingTokenCodec.encode(option);
        byte[] token = Arrays.copyOf(payload, payload.length + MAC_BYTES);
        System.arraycopy(mac(keys.get(0).get(), tenantId, payload), 0, token, payload.length, MAC_BYTES);
        return ENCODER.encodeToString(token);
    }

    /** The option, if this broker issued the token to this tenant; empty for anything else, altered or not a token at all. */
    public Optional<BookableOption> verify(String tenantId, String token) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (bytes.length <= MAC_BYTES) return Optional.empty();
        byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
        byte[] presented = Arrays.copyOfRange(bytes, payload.length, bytes.length);
        for (ThreadLocal<Mac> key : keys) {
            // Constant time, so that the comparison tells nothing about how much of a forged MAC was right.
            if (MessageDigest.isEqual(presented, Arrays.copyOf(mac(key.get(), tenantId, payload), MAC_BYTES))) {
                return Optional.of(BookingTokenCodec.decode(payload));
            }
        }
        return Optional.empty();
    }

    /** The tenant id goes in length-prefixed, so that no tenant id and payload can pass for another pair. */
    private static byte[] mac(Mac mac, String tenantId, byte[] payload) {
        byte[] tenant = tenantId.getBytes(StandardCharsets.UTF_8);
        mac.update((byte) (tenant.length >>> 8));
        mac.update((byte) tenant.length);
        mac.update(tenant);
        return mac.doFinal(payload);
    }

    /** A {@link Mac} is not thread-safe and costly to set up, so each thread keeps its own per key. */
    private static ThreadLocal<Mac> macFor(String secret) {
        // The configuration refuses a short key at start; this keeps a BookingTokens built by hand as safe.
        if (secret.length() < BrokerConfig.MIN_SIGNING_KEY_CHARS) {
            throw new IllegalArgumentException("broker.quote-signing-key: at least " + BrokerConfig.MIN_SIGNING_KEY_CHARS + " characters");
        }
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
            }
        });
    }
}

package io.capacitybroker.platform.id;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Opaque identifiers: a short prefix that says what the id names, then 128 random bits in
 * lower-case base32. Clients must not parse them; the prefix only helps people reading logs.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Ids() {}

    public static String newId(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder(prefix.toLowerCase(Locale.ROOT)).append('_');
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        return out.toString();
    }
}

package io.capacitybroker.billing.service;

import io.capacitybroker.billing.api.UsageRecord;
import io.capacitybroker.platform.money.Decimals;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of a record's normalised content: equal for a repeat, different for a conflicting reuse of its id. */
final class UsageFingerprint {
    private UsageFingerprint() {}

    static String of(UsageRecord r) {
        String canonical = String.join("\n",
                String.valueOf(r.reservationId()), String.valueOf(r.offerId()), String.valueOf(r.gpuCount()),
                r.gpuHours() == null ? "null" : Decimals.normalized(r.gpuHours()).toPlainString(),
                String.valueOf(r.periodStart()), String.valueOf(r.periodEnd()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

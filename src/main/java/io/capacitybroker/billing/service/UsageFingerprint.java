package io.capacitybroker.billing.service;

import io.capacitybroker.billing.api.UsageRecord;
import io.capacitybroker.platform.idempotency.Fingerprint;
import io.capacitybroker.platform.money.Decimals;

/** SHA-256 of a record's normalised content: equal for a repeat, different for a conflicting reuse of its id. */
final class UsageFingerprint {
    private UsageFingerprint() {}

    static String of(UsageRecord r) {
        return Fingerprint.of(
                String.valueOf(r.reservationId()), String.valueOf(r.offerId()), String.valueOf(r.gpuCount()),
                r.gpuHours() == null ? "null" : Decimals.normalized(r.gpuHours()).toPlainString(),
                String.valueOf(r.periodStart()), String.valueOf(r.periodEnd()));
    }
}

package io.capacitybroker.billing.service;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.billing.api.UsageBatch;
import io.capacitybroker.billing.api.UsageRecord;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.platform.time.Slots;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every rule a usage batch must meet before anything is looked up or stored, on REST and Kafka
 * alike. Each broken rule names its field as a JSON path ({@code records[2].periodEnd}).
 */
final class UsageValidation {
    static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    private UsageValidation() {}

    static void check(Validator validator, List<UsageRecord> records, Instant now) {
        Violations v = new Violations();
        if (records == null || records.isEmpty() || records.size() > UsageBatch.MAX_RECORDS) {
            v.add("records", "must hold 1 to " + UsageBatch.MAX_RECORDS + " usage records");
            v.throwIfAny();
        }
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String at = "records[" + i + "]";
            UsageRecord r = records.get(i);
            if (r == null) {
                v.add(at, "must not be null");
                continue;
            }
            validator.validate(r).stream()
                    .sorted(Comparator.comparing((ConstraintViolation<UsageRecord> c) -> c.getPropertyPath().toString()))
                    .forEach(c -> v.add(at + "." + c.getPropertyPath(), c.getMessage()));
            rules(v, at, r, now);
            if (r.recordId() != null) {
                Integer first = firstIndex.putIfAbsent(r.recordId(), i);
                if (first != null && !UsageFingerprint.of(records.get(first)).equals(UsageFingerprint.of(r))) {
                    v.add(at + ".recordId", "repeats records[" + first + "].recordId with other content");
                }
            }
        }
        v.throwIfAny();
    }

    private static void rules(Violations v, String at, UsageRecord r, Instant now) {
        if (r.recordId() != null && !r.recordId().isBlank()) {
            v.check(RECORD_ID.matcher(r.recordId()).matches(), at + ".recordId",
                    "must be 1 to 128 letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit");
        }
        if (r.reservationId() != null) {
            v.check(!r.reservationId().isBlank(), at + ".reservationId", "must not be blank; omit it for usage without a reservation");
        }
        Instant start = r.periodStart();
        Instant end = r.periodEnd();
        if (start != null) v.check(Slots.isHourAligned(start), at + ".periodStart", "must be a whole UTC hour");
        if (end != null) v.check(Slots.isHourAligned(end), at + ".periodEnd", "must be a whole UTC hour");
        if (start == null || end == null || !Slots.isHourAligned(start) || !Slots.isHourAligned(end)) return;
        if (!end.isAfter(start)) {
            v.add(at + ".periodEnd", "must be after periodStart");
            return;
        }
        v.check(!end.isAfter(now), at + ".periodEnd", "lies in the future; report usage once the hour has ended");
        v.check(!end.isAfter(BillingPeriod.containing(start).end()), at + ".periodEnd",
                "must lie in the UTC month of periodStart; split the record at the month boundary");
        if (r.gpuCount() != null && r.gpuCount() > 0 && r.gpuHours() != null) {
            BigDecimal possible = BigDecimal.valueOf(r.gpuCount() * Duration.between(start, end).toHours());
            v.check(r.gpuHours().compareTo(possible) <= 0, at + ".gpuHours",
                    "exceeds gpuCount times the hours of the period (" + possible.toPlainString() + ")");
        }
    }
}

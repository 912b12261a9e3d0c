package io.capacitybroker.portal.partner;

import io.capacitybroker.catalog.api.OfferRequest;
import io.capacitybroker.catalog.api.OfferView;
import io.capacitybroker.catalog.api.PriceTierBody;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.portal.web.FormValues;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The offer form: the API's field names, plus {@code siteId} and {@code offerId} (the path of the
 * API call). Price tiers are written {@code hours:price}, separated by commas. The sequence is
 * the stored one plus one, filled in when the form is shown: if someone else published in
 * between, the broker ignores the stale publish and the page says so.
 */
final class OfferForm {
    private OfferForm() {}

    static FormValues blank(Instant now, String siteId) {
        Instant from = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return FormValues.of(Map.ofEntries(Map.entry("siteId", siteId), Map.entry("sequence", "1"),
                Map.entry("gpusPerNode", "8"), Map.entry("totalGpus", "64"),
                Map.entry("availableFrom", FormValues.datetimeLocal(from)),
                Map.entry("availableUntil", FormValues.datetimeLocal(from.plus(Duration.ofDays(90)))),
                Map.entry("currency", "USD"), Map.entry("minTermHours", "1"), Map.entry("minGpus", "1")));
    }

    static FormValues of(OfferView offer) {
        Map<String, String> values = new HashMap<>(Map.ofEntries(Map.entry("siteId", offer.siteId()),
                Map.entry("offerId", offer.offerId()), Map.entry("sequence", String.valueOf(offer.sequence() + 1)),
                Map.entry("gpuModel", offer.gpuModel()), Map.entry("gpusPerNode", String.valueOf(offer.gpusPerNode())),
                Map.entry("totalGpus", String.valueOf(offer.totalGpus())),
                Map.entry("availableFrom", FormValues.datetimeLocal(offer.availableFrom())),
                Map.entry("availableUntil", FormValues.datetimeLocal(offer.availableUntil())),
                Map.entry("currency", offer.currency()), Map.entry("pricePerGpuHour", offer.pricePerGpuHour().toPlainString()),
                Map.entry("tiers", offer.tiers().stream().map(t -> t.minHours() + ":" + t.pricePerGpuHour().toPlainString())
                        .collect(Collectors.joining(", "))),
                Map.entry("minTermHours", String.valueOf(offer.minTermHours())), Map.entry("minGpus", String.valueOf(offer.minGpus()))));
        if (offer.requiresConfirmation()) values.put("requiresConfirmation", "on");
        return FormValues.of(values);
    }

    static OfferRequest toRequest(FormValues form, Validator validator) {
        Violations violations = new Violations();
        violations.check(!form.text("siteId").isEmpty(), "siteId", "choose a site");
        violations.check(!form.text("offerId").isEmpty(), "offerId", "must not be blank");
        Integer sequenceNumber = form.integer("sequence", violations);
        Integer gpusPerNode = form.integer("gpusPerNode", violations);
        Integer totalGpus = form.integer("totalGpus", violations);
        Instant from = form.utc("availableFrom", violations);
        Instant until = form.utc("availableUntil", violations);
        BigDecimal price = form.decimal("pricePerGpuHour", violations);
        Integer minTerm = form.integer("minTermHours", violations);
        Integer minGpus = form.integer("minGpus", violations);
        List<PriceTierBody> tiers = tiers(form, violations);
        violations.throwIfAny();
        OfferRequest request = new OfferRequest(sequenceNumber == null ? null : sequenceNumber.longValue(),
                form.text("gpuModel"), gpusPerNode, totalGpus, from, until, form.text("currency"), price, tiers,
                minTerm, minGpus, form.checked("requiresConfirmation"));
        FormValues.validate(validator, request, violations);
        violations.throwIfAny();
        return request;
    }

    private static List<PriceTierBody> tiers(FormValues form, Violations violations) {
        List<PriceTierBody> tiers = new ArrayList<>();
        for (String tier : form.all("tiers")) {
            String[] parts = tier.split(":");
            try {
                tiers.add(new PriceTierBody(Integer.valueOf(parts[0].trim()), new BigDecimal(parts[1].trim())));
            } catch (RuntimeException e) {
                violations.add("tiers", "write each tier as hours:price, e.g. 168:2.80");
            }
        }
        return tiers;
    }
}

package io.capacitybroker.portal.tenant;

import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.quote.api.QuoteRequest;
import io.capacitybroker.vocabulary.GpuModel;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The capacity request form: the inputs carry the API's field names, so that the broker's
 * problem details land beside the right input. GPU models are up to three choices in preference
 * order; countries are typed as ISO codes separated by commas.
 */
final class QuoteForm {
    static final int MODEL_CHOICES = 3;

    private QuoteForm() {}

    /** A sensible first request: 8 GPUs of the first model for a day, starting in the next week. */
    static FormValues defaults(Instant now) {
        Instant earliest = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return FormValues.of(Map.of("gpuModels", GpuModel.H100_SXM_80GB.code(), "gpuCount", "8", "durationHours", "24",
                "earliestStart", FormValues.datetimeLocal(earliest),
                "latestStart", FormValues.datetimeLocal(earliest.plus(Duration.ofDays(7))), "currency", "USD"));
    }

    /** The request, checked as the API checks its body; a ProblemException names each wrong field. */
    static QuoteRequest toRequest(FormValues form, Validator validator) {
        Violations violations = new Violations();
        Integer gpuCount = form.integer("gpuCount", violations);
        Integer durationHours = form.integer("durationHours", violations);
        Integer minBlock = form.integer("minBlock", violations);
        Instant earliest = form.utc("earliestStart", violations);
        Instant latest = form.utc("latestStart", violations);
        var maxPrice = form.decimal("maxPricePerGpuHour", violations);
        violations.throwIfAny();
        boolean split = form.checked("allowSplit");
        QuoteRequest request = new QuoteRequest(form.all("gpuModels"), true, gpuCount, durationHours, earliest, latest,
                form.text("currency").isEmpty() ? null : form.text("currency"), maxPrice, form.all("jurisdictions"),
                form.all("countries"), List.of(), form.all("certifications"), List.of(), split, split ? minBlock : null);
        FormValues.validate(validator, request, violations);
        violations.throwIfAny();
        return request;
    }
}

package io.capacitybroker.portal.web;

import io.quarkus.qute.TemplateData;
import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the broker refused in a submitted form, by field, so that each message stands beside the
 * field it concerns; a problem that names no field is shown above the form. Field names are the
 * API's (problem details' {@code errors[].field}), without list indexes: {@code countries[1]} is
 * reported at the {@code countries} input.
 */
@TemplateData
public final class FormErrors {
    private final Map<String, String> byField = new LinkedHashMap<>();
    private String general;

    public static FormErrors none() {
        return new FormErrors();
    }

    public static FormErrors of(ProblemException problem) {
        FormErrors errors = new FormErrors();
        for (FieldError error : problem.errors()) errors.add(error.field(), error.message());
        if (problem.errors().isEmpty()) errors.general = problem.getMessage();
        return errors;
    }

    public FormErrors add(String field, String message) {
        byField.merge(inputOf(field), message, (a, b) -> a + "; " + b);
        return this;
    }

    public boolean has(String field) { return byField.containsKey(field); }

    public String get(String field) { return byField.getOrDefault(field, ""); }

    public boolean any() { return general != null || !byField.isEmpty(); }

    public String general() { return general == null ? "" : general; }

    public boolean hasGeneral() { return general != null; }

    /** Fix the fields below, or the one message: what the summary at the top of the form says. */
    public String summary() {
        if (general != null) return general;
        return byField.size() == 1 ? "One field needs attention." : byField.size() + " fields need attention.";
    }

    private static String inputOf(String field) {
        int bracket = field.indexOf('[');
        return bracket < 0 ? field : field.substring(0, bracket);
    }
}

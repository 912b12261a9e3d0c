package io.capacitybroker.portal.web;

import io.quarkus.qute.TemplateData;
import io.capacitybroker.platform.error.Violations;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of a submitted (or pre-filled) form, kept as typed so that a refused form comes back
 * with what the user entered; typed reads record what does not parse under the field's name.
 */
@TemplateData
public final class FormValues {
    /** How datetime-local inputs are written and read: minutes, no zone (the page says UTC). */
    private static final int DATETIME_LOCAL_LENGTH = "2030-03-04T08:00".length();

    private final Map<String, List<String>> values;

    public FormValues(Map<String, List<String>> values) {
        this.values = new HashMap<>(values);
    }

    public static FormValues of(Map<String, String> single) {
        Map<String, List<String>> values = new HashMap<>();
        single.forEach((k, v) -> values.put(k, List.of(v)));
        return new FormValues(values);
    }

    /** The fields of a URL's query, as a GET form sends them ({@code a=1&b=x+y}); malformed escapes are read as text. */
    public static FormValues ofQuery(String rawQuery) {
        Map<String, List<String>> values = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(name, ignored -> new ArrayList<>()).add(value);
            }
        }
        return new FormValues(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** The first value of the field, trimmed; empty when absent. */
    public String text(String name) {
        List<String> all = values.getOrDefault(name, List.of());
        return all.isEmpty() || all.get(0) == null ? "" : all.get(0).trim();
    }

    /** The n-th value (0-based) of a repeated field, e.g. the second GPU model choice. */
    public String at(String name, int index) {
        List<String> all = values.getOrDefault(name, List.of());
        return index < all.size() && all.get(index) != null ? all.get(index).trim() : "";
    }

    /** Every non-blank value, in form order; a text input may list several separated by commas. */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().filter(Objects::nonNull)
                .flatMap(v -> List.of(v.split(",")).stream()).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** Whether a checkbox or an option of a multiple choice carries this value. */
    public boolean has(String name, String value) {
        return all(name).contains(value);
    }

    public boolean checked(String name) {
        return !text(name).isEmpty();
    }

    public Integer integer(String name, Violations violations) {
        String text = text(name);
        if (text.isEmpty()) return null;
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            violations.add(name, "must be a whole number");
            return null;
        }
    }

    public BigDecimal decimal(String name, Violations violations) {
        String text = text(name);
        if (text.isEmpty()) return null;
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            violations.add(name, "must be a number such as 2.50");
            return null;
        }
    }

    /** A datetime-local input read as UTC. */
    public Instant utc(String name, Violations violations) {
        String text = text(name);
        if (text.isEmpty()) return null;
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            violations.add(name, "must be a date and time such as 2030-03-04T10:00 (UTC)");
            return null;
        }
    }

    /** How a datetime-local input shows an instant (UTC, to the minute). */
    public static String datetimeLocal(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).toString().substring(0, DATETIME_LOCAL_LENGTH);
    }

    /** Checks a request body against its bean constraints, as the API does for the same record. */
    public static void validate(Validator validator, Object body, Violations violations) {
        validator.validate(body).forEach(c -> violations.add(c.getPropertyPath().toString(), c.getMessage()));
    }
}

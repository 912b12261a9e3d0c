package io.capacitybroker.platform.error;

import java.util.List;
import java.util.Map;

/** A failure the client must hear about, rendered as an RFC 9457 problem detail. */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new FieldError(field, message)), Map.of());
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " not found");
    }

    public ProblemType type() { return type; }
    public List<FieldError> errors() { return errors; }
    public Map<String, Object> extensions() { return extensions; }
}

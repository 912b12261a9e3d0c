package io.capacitybroker.platform.error;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects every wrong field of a request, so that the client hears of all of them at once. */
public final class Violations {
    private final List<FieldError> errors = new ArrayList<>();

    public Violations check(boolean ok, String field, String message) {
        if (!ok) errors.add(new FieldError(field, message));
        return this;
    }

    public Violations add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    public boolean isEmpty() { return errors.isEmpty(); }

    public void throwIfAny() {
        if (errors.isEmpty()) return;
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are not valid";
        throw new ProblemException(ProblemType.VALIDATION, detail, errors, Map.of());
    }
}

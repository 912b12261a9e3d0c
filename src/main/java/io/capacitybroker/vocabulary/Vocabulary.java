package io.capacitybroker.vocabulary;

import io.capacitybroker.platform.error.Violations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Looks a code up in one of the catalogue's closed vocabularies. */
public final class Vocabulary {
    private Vocabulary() {}

    /** The constant whose code is {@code code}, or {@link UnknownCodeException}. */
    public static <E extends Enum<E>> E lookup(Class<E> type, String code, Function<E, String> codeOf) {
        return find(type, code, codeOf).orElseThrow(() -> new UnknownCodeException(type, code));
    }

    public static <E extends Enum<E>> Optional<E> find(Class<E> type, String code, Function<E, String> codeOf) {
        if (code == null) return Optional.empty();
        return Arrays.stream(type.getEnumConstants()).filter(e -> codeOf.apply(e).equals(code)).findFirst();
    }

    /**
     * Checks a list of codes from a request: each unknown or repeated code is reported as
     * {@code field[i]}. Returns the known values, in the given order.
     */
    public static <E extends Enum<E>> List<E> checkCodes(Violations violations, String field, List<String> codes,
                                                         Class<E> type, Function<E, String> codeOf) {
        List<E> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> given = codes == null ? List.of() : codes;
        for (int i = 0; i < given.size(); i++) {
            String code = given.get(i);
            Optional<E> value = find(type, code, codeOf);
            violations.check(value.isPresent(), field + "[" + i + "]", "unknown code '" + code + "'");
            violations.check(seen.add(String.valueOf(code)), field + "[" + i + "]", "duplicate code '" + code + "'");
            value.ifPresent(found::add);
        }
        return found;
    }

    /** A code that is not part of the vocabulary; never stored, always reported with the field. */
    public static final class UnknownCodeException extends IllegalArgumentException {
        private final transient Class<?> vocabulary;
        private final String code;

        UnknownCodeException(Class<?> vocabulary, String code) {
            super("unknown " + vocabulary.getSimpleName() + " '" + code + "'");
            this.vocabulary = vocabulary;
            this.code = code;
        }

        public Class<?> vocabulary() { return vocabulary; }
        public String code() { return code; }
    }
}

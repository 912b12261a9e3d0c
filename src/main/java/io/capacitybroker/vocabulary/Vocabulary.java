package io.capacitybroker.vocabulary;

import java.util.Arrays;
import java.util.Optional;
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

package io.capacitybroker.platform.money;

import java.util.Currency;
import java.util.Optional;

public final class Currencies {
    private Currencies() {}

    /** The ISO 4217 currency with this code, if there is one. */
    public static Optional<Currency> parse(String code) {
        if (code == null || code.length() != 3) return Optional.empty();
        try {
            return Optional.of(Currency.getInstance(code));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

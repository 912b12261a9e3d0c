package io.capacitybroker.platform.money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;

/**
 * A dated table of exchange rates, each the number of units of a currency that one unit of the
 * {@code base} currency buys. Conversions are computed at 34 significant digits and the result
 * is rounded once, by {@link Money#rounded}.
 */
public record ExchangeRates(LocalDate date, Currency base, Map<Currency, BigDecimal> unitsPerBase) {
    private static final MathContext PRECISION = MathContext.DECIMAL128;

    public ExchangeRates {
        unitsPerBase = Map.copyOf(unitsPerBase);
        if (unitsPerBase.values().stream().anyMatch(rate -> rate.signum() <= 0)) {
            throw new IllegalArgumentException("exchange rates must be positive");
        }
    }

    public boolean supports(Currency currency) {
        return currency.equals(base) || unitsPerBase.containsKey(currency);
    }

    /** The exact factor that turns an amount in {@code from} into {@code to}, if both are known. */
    public Optional<BigDecimal> factor(Currency from, Currency to) {
        if (from.equals(to)) return Optional.of(BigDecimal.ONE);
        if (!supports(from) || !supports(to)) return Optional.empty();
        return Optional.of(rate(to).divide(rate(from), PRECISION));
    }

    /** Converts an exact amount; rounding is the caller's single step. */
    public Optional<BigDecimal> convertExact(BigDecimal amount, Currency from, Currency to) {
        return factor(from, to).map(f -> amount.multiply(f, PRECISION));
    }

    public Optional<Money> convert(Money money, Currency to) {
        return convertExact(money.amount(), money.currency(), to).map(exact -> Money.rounded(exact, to));
    }

    private BigDecimal rate(Currency currency) {
        return currency.equals(base) ? BigDecimal.ONE : unitsPerBase.get(currency);
    }
}

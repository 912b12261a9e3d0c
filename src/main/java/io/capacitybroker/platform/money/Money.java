package io.capacitybroker.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in one ISO 4217 currency, always at that currency's minor-unit scale
 * (JPY 0, USD/SGD/EUR/TWD 2). Arithmetic between currencies is refused rather than guessed.
 *
 * <p>The one rounding rule of the broker is {@link #ROUNDING}: amounts are computed exactly and
 * rounded once, per line, with banker's rounding (HALF_EVEN), so sums of many lines do not drift.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.scale() != currency.getDefaultFractionDigits()) {
            throw new IllegalArgumentException("amount " + amount + " is not at the minor-unit scale of " + currency);
        }
    }

    /** Rounds an exact amount to the currency's minor unit: the one place rounding happens. */
    public static Money rounded(BigDecimal exact, Currency currency) {
        return new Money(exact.setScale(currency.getDefaultFractionDigits(), ROUNDING), currency);
    }

    /** A stored amount that is at the minor unit already, whatever its scale (e.g. numeric(19,4)); never rounds. */
    public static Money atMinorUnit(BigDecimal amount, Currency currency) {
        return new Money(amount.setScale(currency.getDefaultFractionDigits(), java.math.RoundingMode.UNNECESSARY), currency);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO.setScale(currency.getDefaultFractionDigits()), currency);
    }

    public static Money of(String amount, String currency) {
        return rounded(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}

package io.capacitybroker.payments;

import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount as Stripe takes it: an integer count of the currency's minor unit (cents for USD,
 * yen for JPY). Converting from {@link Money} is exact, since Money is always at the minor-unit
 * scale; rounding belongs to billing, never to this edge.
 */
public record Amount(long minorUnits, Currency currency) {
    public Amount {
        Objects.requireNonNull(currency, "currency");
    }

    public static Amount of(Money money) {
        BigDecimal minor = money.amount().movePointRight(money.currency().getDefaultFractionDigits());
        return new Amount(minor.longValueExact(), money.currency());
    }

    public static Amount of(long minorUnits, String currencyCode) {
        return new Amount(minorUnits, Currency.getInstance(currencyCode.toUpperCase(java.util.Locale.ROOT)));
    }

    public Money toMoney() {
        return new Money(BigDecimal.valueOf(minorUnits, currency.getDefaultFractionDigits()), currency);
    }

    /** The lower-case code Stripe uses on the wire ({@code usd}). */
    public String stripeCurrency() {
        return currency.getCurrencyCode().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return minorUnits + " " + currency.getCurrencyCode() + " minor units";
    }
}

package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A partner's settlement for a period and currency: the broker's commission on the gross, rounded
 * once, and the net payout, which is the exact difference of two amounts at the minor unit.
 */
public record Commission(Money gross, BigDecimal rate, BigDecimal exactCommission, Money commission, Money net) {
    /** The rate of a partner for whom no other was agreed. */
    public static final BigDecimal DEFAULT_RATE = new BigDecimal("0.10");

    public static Commission on(Money gross, BigDecimal rate) {
        Objects.requireNonNull(gross, "gross");
        Objects.requireNonNull(rate, "rate");
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a commission rate lies between 0 and 1: " + rate);
        }
        BigDecimal exact = gross.amount().multiply(rate);
        Money commission = Money.rounded(exact, gross.currency());
        return new Commission(gross, rate, exact, commission, gross.minus(commission));
    }
}

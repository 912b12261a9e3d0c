package io.capacitybroker.reservation.service;

import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.reservation.domain.Reservation;
import io.capacitybroker.reservation.domain.ReservationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;

/**
 * The cancellation rule (docs/reservations.md): free while a site has not confirmed, and free
 * with at least the configured notice before the start. Later, the fee is a quarter of the value
 * of the slots given back, because the site can rarely resell them at such short notice. Slots
 * that have begun are not given back and stay billable.
 */
@ApplicationScoped
public class CancellationPolicy {
    static final BigDecimal LATE_FEE_SHARE = new BigDecimal("0.25");

    @Inject BrokerConfig config;

    public BigDecimal fee(Reservation reservation, ReservationStatus before, Instant now) {
        Currency currency = Currency.getInstance(reservation.currency);
        boolean free = before == ReservationStatus.PENDING_PARTNER
                || !now.isAfter(reservation.startAt.minus(config.freeCancellationNotice()));
        if (free) return Money.zero(currency).amount();
        long totalHours = Duration.between(reservation.startAt, reservation.endAt).toHours();
        long firstReleased = Math.max(Slots.hourOf(reservation.startAt), Slots.nextHour(now));
        long releasedHours = Math.max(0, Slots.hourOf(reservation.endAt) - firstReleased);
        BigDecimal exact = reservation.totalAmount.multiply(LATE_FEE_SHARE)
                .multiply(BigDecimal.valueOf(releasedHours))
                .divide(BigDecimal.valueOf(totalHours), MathContext.DECIMAL128);
        return Money.rounded(exact, currency).amount();
    }
}

package io.capacitybroker.billing.rating;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.UUID;

/**
 * One priced line: {@code quantity} GPU-hours at {@code unitPrice}, in the offer's currency. The
 * exact amount is kept beside the amount rounded once to the currency's minor unit.
 */
public record RatedLine(BillingPeriod period, String reservationId, String allocationId, String tenantId,
                        String partnerId, UUID offerId, LineKind kind, BigDecimal quantity, BigDecimal unitPrice,
                        BigDecimal exactAmount, Money amount) {

    static RatedLine priced(BillingPeriod period, RatedReservation reservation, RatedAllocation allocation,
                            LineKind kind, BigDecimal quantity, BigDecimal unitPrice) {
        BigDecimal exact = quantity.multiply(unitPrice);
        return new RatedLine(period, reservation.reservationId(), allocation.allocationId(), reservation.tenantId(),
                allocation.partnerId(), allocation.offerId(), kind, quantity, unitPrice, exact,
                Money.rounded(exact, allocation.currency()));
    }

    public Currency currency() {
        return amount.currency();
    }
}

package io.capacitybroker.billing.rating;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.UUID;

/** One leg of a reservation as rating needs it: GPUs of one offer at the quoted unit price. */
public record RatedAllocation(String allocationId, String partnerId, UUID offerId, int gpuCount,
                              BigDecimal unitPrice, Currency currency) {
    public RatedAllocation {
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(currency, "currency");
        if (gpuCount <= 0) throw new IllegalArgumentException("gpuCount must be positive");
        if (unitPrice.signum() <= 0) throw new IllegalArgumentException("unitPrice must be positive");
    }
}

package io.capacitybroker.matching;

import java.math.BigDecimal;

/** A cheaper price per GPU-hour for bookings of at least {@code minHours}. */
public record PriceTier(int minHours, BigDecimal unitPrice) {
    public PriceTier {
        if (minHours < 1) throw new IllegalArgumentException("minHours must be >= 1, was " + minHours);
        PriceCard.requireNonNegative(unitPrice);
    }
}

package io.capacitybroker.matching;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * The price of an offer per GPU-hour in the offer's currency, with optional volume tiers by
 * booking duration. Tiers are kept sorted by {@code minHours}; two tiers for one duration would
 * make the price ambiguous, so they are refused.
 */
public record PriceCard(Currency currency, BigDecimal unitPrice, List<PriceTier> tiers) {
    public PriceCard {
        Objects.requireNonNull(currency, "currency");
        requireNonNegative(unitPrice);
        tiers = tiers.stream().sorted(Comparator.comparingInt(PriceTier::minHours)).toList();
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).minHours() == tiers.get(i - 1).minHours()) {
                throw new IllegalArgumentException("two tiers for minHours " + tiers.get(i).minHours());
            }
        }
    }

    /** The exact price per GPU-hour for a booking of {@code durationHours}. */
    public BigDecimal unitPriceFor(int durationHours) {
        int tier = tierIndexFor(durationHours);
        return tier < 0 ? unitPrice : tiers.get(tier).unitPrice();
    }

    /**
     * Index into {@link #tiers} of the tier with the largest {@code minHours <= durationHours}, or -1
     * for the base price. The engine keeps per-tier estimates, so it needs the index, not the price.
     */
    int tierIndexFor(int durationHours) {
        int found = -1;
        for (int i = 0; i < tiers.size() && tiers.get(i).minHours() <= durationHours; i++) {
            found = i;
        }
        return found;
    }

    static void requireNonNegative(BigDecimal price) {
        Objects.requireNonNull(price, "unitPrice");
        if (price.signum() < 0) throw new IllegalArgumentException("unit price must not be negative: " + price);
    }
}

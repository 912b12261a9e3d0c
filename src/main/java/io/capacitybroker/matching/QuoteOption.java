package io.capacitybroker.matching;

import io.capacitybroker.platform.money.Money;
import java.util.List;

/**
 * One ranked way to satisfy a request: one leg, or several legs (a split) that share one start
 * and end hour.
 *
 * @param total  exact sum of the legs' totals, in the request's currency
 * @param reason why the option ranks where it does, for a human
 */
public record QuoteOption(int rank, List<Leg> legs, Money total, long startHour, String reason) {
    public QuoteOption {
        legs = List.copyOf(legs);
    }
}

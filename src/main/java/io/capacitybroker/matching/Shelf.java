package io.capacitybroker.matching;

import java.util.Arrays;
import java.util.Currency;

/**
 * The offers of one bucket that price in one currency, sorted by the lowest unit price each can
 * ever charge (base or cheapest tier). With one exchange rate per shelf, a search can walk it
 * cheapest first and stop as soon as no remaining offer can still make the cut. Immutable.
 */
final class Shelf {
    private final Currency currency;
    private final OfferSlot[] slots;
    private final double[] lowestUnitPrices;

    private Shelf(Currency currency, OfferSlot[] slots, double[] lowestUnitPrices) {
        this.currency = currency;
        this.slots = slots;
        this.lowestUnitPrices = lowestUnitPrices;
    }

    static Shelf of(Currency currency) {
        return new Shelf(currency, new OfferSlot[0], new double[0]);
    }

    Currency currency() { return currency; }
    int size() { return slots.length; }
    OfferSlot slot(int i) { return slots[i]; }
    double lowestUnitPrice(int i) { return lowestUnitPrices[i]; }

    Shelf with(OfferSlot slot, double lowestUnitPrice) {
        int found = Arrays.binarySearch(lowestUnitPrices, lowestUnitPrice);
        int at = found >= 0 ? found : -found - 1;
        OfferSlot[] grownSlots = new OfferSlot[slots.length + 1];
        double[] grownPrices = new double[slots.length + 1];
        System.arraycopy(slots, 0, grownSlots, 0, at);
        System.arraycopy(lowestUnitPrices, 0, grownPrices, 0, at);
        grownSlots[at] = slot;
        grownPrices[at] = lowestUnitPrice;
        System.arraycopy(slots, at, grownSlots, at + 1, slots.length - at);
        System.arraycopy(lowestUnitPrices, at, grownPrices, at + 1, slots.length - at);
        return new Shelf(currency, grownSlots, grownPrices);
    }

    Shelf without(OfferSlot slot) {
        int at = 0;
        while (at < slots.length && slots[at] != slot) at++;
        if (at == slots.length) return this;
        OfferSlot[] shrunkSlots = new OfferSlot[slots.length - 1];
        double[] shrunkPrices = new double[slots.length - 1];
        System.arraycopy(slots, 0, shrunkSlots, 0, at);
        System.arraycopy(lowestUnitPrices, 0, shrunkPrices, 0, at);
        System.arraycopy(slots, at + 1, shrunkSlots, at, slots.length - at - 1);
        System.arraycopy(lowestUnitPrices, at + 1, shrunkPrices, at, slots.length - at - 1);
        return new Shelf(currency, shrunkSlots, shrunkPrices);
    }
}

package io.capacitybroker.matching;

import io.capacitybroker.catalog.GpuModel;
import io.capacitybroker.catalog.Jurisdiction;
import java.util.Arrays;

/**
 * Offer slots grouped by (GPU model, site jurisdiction), so that a request only walks the
 * buckets it can accept. Immutable: a writer builds a changed copy (only the touched bucket is
 * copied) and publishes it with one volatile write, so readers never see an offer in two
 * buckets or in none while it moves.
 */
final class Buckets {
    private static final OfferSlot[] NO_SLOTS = new OfferSlot[0];
    static final Buckets EMPTY = new Buckets(emptyTable());

    private final OfferSlot[][][] byModelAndJurisdiction;

    private Buckets(OfferSlot[][][] byModelAndJurisdiction) {
        this.byModelAndJurisdiction = byModelAndJurisdiction;
    }

    private static OfferSlot[][][] emptyTable() {
        OfferSlot[][][] table = new OfferSlot[GpuModel.values().length][Jurisdiction.values().length][];
        for (OfferSlot[][] row : table) Arrays.fill(row, NO_SLOTS);
        return table;
    }

    /** The slots of one bucket; the caller must not modify the array. */
    OfferSlot[] get(GpuModel model, Jurisdiction jurisdiction) {
        return byModelAndJurisdiction[model.ordinal()][jurisdiction.ordinal()];
    }

    Buckets with(GpuModel model, Jurisdiction jurisdiction, OfferSlot slot) {
        OfferSlot[] current = get(model, jurisdiction);
        OfferSlot[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = slot;
        return replace(model, jurisdiction, grown);
    }

    Buckets without(GpuModel model, Jurisdiction jurisdiction, OfferSlot slot) {
        OfferSlot[] current = get(model, jurisdiction);
        int at = indexOf(current, slot);
        if (at < 0) return this;
        OfferSlot[] shrunk = new OfferSlot[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, at);
        System.arraycopy(current, at + 1, shrunk, at, current.length - at - 1);
        return replace(model, jurisdiction, shrunk);
    }

    private Buckets replace(GpuModel model, Jurisdiction jurisdiction, OfferSlot[] bucket) {
        OfferSlot[][][] table = byModelAndJurisdiction.clone();
        table[model.ordinal()] = table[model.ordinal()].clone();
        table[model.ordinal()][jurisdiction.ordinal()] = bucket;
        return new Buckets(table);
    }

    private static int indexOf(OfferSlot[] slots, OfferSlot slot) {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == slot) return i;
        }
        return -1;
    }
}

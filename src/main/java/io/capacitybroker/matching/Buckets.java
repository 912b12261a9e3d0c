package io.capacitybroker.matching;

import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import java.util.Arrays;
import java.util.Currency;

/**
 * Offer slots grouped by (GPU model, site jurisdiction), so that a request only walks the
 * buckets it can accept; inside a bucket, one {@link Shelf} per offer currency. Immutable: a
 * writer builds a changed copy (only the touched shelf is copied) and publishes it with one
 * volatile write, so readers never see an offer twice or not at all while it moves.
 */
final class Buckets {
    private static final Shelf[] NO_SHELVES = new Shelf[0];
    static final Buckets EMPTY = new Buckets(emptyTable());

    private final Shelf[][][] byModelAndJurisdiction;

    private Buckets(Shelf[][][] byModelAndJurisdiction) {
        this.byModelAndJurisdiction = byModelAndJurisdiction;
    }

    private static Shelf[][][] emptyTable() {
        Shelf[][][] table = new Shelf[GpuModel.values().length][Jurisdiction.values().length][];
        for (Shelf[][] row : table) Arrays.fill(row, NO_SHELVES);
        return table;
    }

    /** The shelves of one bucket; the caller must not modify the array. */
    Shelf[] get(GpuModel model, Jurisdiction jurisdiction) {
        return byModelAndJurisdiction[model.ordinal()][jurisdiction.ordinal()];
    }

    Buckets with(OfferState state, OfferSlot slot) {
        GpuModel model = state.offer().gpuModel();
        Shelf[] shelves = get(model, state.jurisdiction());
        int at = indexOf(shelves, state.currency());
        Shelf[] changed;
        if (at < 0) {
            changed = Arrays.copyOf(shelves, shelves.length + 1);
            changed[shelves.length] = Shelf.of(state.currency()).with(slot, state.lowestUnitPriceEstimate());
        } else {
            changed = shelves.clone();
            changed[at] = shelves[at].with(slot, state.lowestUnitPriceEstimate());
        }
        return replace(model, state.jurisdiction(), changed);
    }

    Buckets without(OfferState state, OfferSlot slot) {
        GpuModel model = state.offer().gpuModel();
        Shelf[] shelves = get(model, state.jurisdiction());
        int at = indexOf(shelves, state.currency());
        if (at < 0) return this;
        Shelf shrunk = shelves[at].without(slot);
        Shelf[] changed;
        if (shrunk.size() > 0) {
            changed = shelves.clone();
            changed[at] = shrunk;
        } else {
            changed = new Shelf[shelves.length - 1];
            System.arraycopy(shelves, 0, changed, 0, at);
            System.arraycopy(shelves, at + 1, changed, at, shelves.length - at - 1);
        }
        return replace(model, state.jurisdiction(), changed);
    }

    private Buckets replace(GpuModel model, Jurisdiction jurisdiction, Shelf[] shelves) {
        Shelf[][][] table = byModelAndJurisdiction.clone();
        table[model.ordinal()] = table[model.ordinal()].clone();
        table[model.ordinal()][jurisdiction.ordinal()] = shelves;
        return new Buckets(table);
    }

    private static int indexOf(Shelf[] shelves, Currency currency) {
        for (int i = 0; i < shelves.length; i++) {
            if (shelves[i].currency().equals(currency)) return i;
        }
        return -1;
    }
}

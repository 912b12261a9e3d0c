package io.capacitybroker.matching;

/**
 * The place of one offer in the index. Buckets hold slots, so that a usage or price change
 * swaps one reference instead of copying a bucket; the swap is a single volatile write.
 */
final class OfferSlot {
    private volatile OfferState state;

    OfferSlot(OfferState state) { this.state = state; }

    OfferState get() { return state; }

    void set(OfferState newState) { state = newState; }
}

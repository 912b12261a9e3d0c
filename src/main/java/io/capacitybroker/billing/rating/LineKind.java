package io.capacitybroker.billing.rating;

/** What a priced line charges for (docs/billing.md, section 2). */
public enum LineKind {
    /** Booked GPU-hours of the period, used or not. */
    RESERVED,
    /** Reported GPU-hours beyond the booked ones, at the same unit price. */
    OVERAGE,
    /** A quarter of the value of the slots a late cancellation gave back. */
    CANCELLATION_FEE
}

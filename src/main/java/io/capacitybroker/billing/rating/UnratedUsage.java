package io.capacitybroker.billing.rating;

/** A usage record of the period that bills nothing, and why; reconciliation lists these. */
public record UnratedUsage(MeteredUsage usage, Reason reason) {
    public enum Reason {
        /** Reported without a reservation id. */
        NO_RESERVATION,
        /** The reservation is not among those rated (unknown to this run). */
        UNKNOWN_RESERVATION,
        /** Pending, rejected, expired, or cancelled before the sites confirmed. */
        RESERVATION_NOT_BILLABLE,
        /** The reservation has no allocation on the record's offer. */
        OFFER_NOT_IN_RESERVATION
    }
}

package io.capacitybroker.billing.rating;

/** How rating sees a reservation's status: whether it bills, and how. */
public enum BillingStatus {
    /** CONFIRMED, ACTIVE or COMPLETED: every booked hour bills. */
    BOOKED,
    /** CANCELLED: the hours that had begun bill, plus the fee, if the site had confirmed. */
    CANCELLED,
    /** PENDING_PARTNER, REJECTED or EXPIRED: nothing was ever firm, nothing bills. */
    NOT_BILLABLE
}

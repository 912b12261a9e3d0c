package io.capacitybroker.billing.reconciliation;

/** What a reconciliation difference is about; docs/billing.md section "Reconciliation" explains each. */
public enum MismatchKind {
    /** Rating bills a line that no invoice of the period carries. */
    NOT_INVOICED,
    /** An invoice line that rating does not bill (any more): its allocation and kind rate to nothing. */
    INVOICED_NOT_RATED,
    /** Two amounts that must agree do not: a line against its rating, an invoice total against its lines, Stripe's paid amount against the total. */
    AMOUNT_DIFFERS,
    /** Issued, not (yet) paid at Stripe. */
    UNPAID,
    /** Stripe reported the payment failed. */
    PAYMENT_FAILED,
    /** Issued by the broker but not finalized at Stripe: the tenant was never asked to pay. */
    NOT_AT_STRIPE,
    /** A partner invoiced or credited in the period has no statement. */
    NO_STATEMENT,
    /** A statement's invoiced or credited amount disagrees with the documents, or its commission with its rate. */
    STATEMENT_DIFFERS,
    /** A statement with a positive net has no settled payout. */
    NOT_PAID_OUT,
    /** More than one settled payout for one statement. */
    PAID_OUT_TWICE,
    /** A payout's amount is not its statement's net. */
    PAYOUT_DIFFERS,
    /** A usage record without a reservation id: delivered, never billed. */
    USAGE_WITHOUT_RESERVATION,
    /** A usage record of a reservation that bills nothing, or of an offer the reservation does not hold. */
    USAGE_UNRATED
}

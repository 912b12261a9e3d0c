package io.capacitybroker.finance.journal;

/** The money movements that the journal records, each for one business document. */
public enum EntryKind {
    INVOICE_ISSUED, CREDIT_NOTE, PAYMENT_RECEIVED, COMMISSION_EARNED, PAYOUT_MADE, PAYOUT_REVERSED
}

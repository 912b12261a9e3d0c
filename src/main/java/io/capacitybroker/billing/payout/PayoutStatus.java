package io.capacitybroker.billing.payout;

/** A payout waits for its transfer, is paid (the transfer exists), failed (Stripe refused; retried) or reversed at Stripe. */
public enum PayoutStatus { PENDING, PAID, FAILED, REVERSED }

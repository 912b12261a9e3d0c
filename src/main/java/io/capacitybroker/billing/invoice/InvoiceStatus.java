package io.capacitybroker.billing.invoice;

/** An issued invoice is paid, or a payment attempt failed (and a later one may still succeed). */
public enum InvoiceStatus { ISSUED, PAID, PAYMENT_FAILED }

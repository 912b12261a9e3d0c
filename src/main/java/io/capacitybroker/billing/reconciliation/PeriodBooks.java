package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.billing.invoice.InvoiceStatus;
import io.capacitybroker.billing.payout.PayoutStatus;
import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.rating.MeteredUsage;
import io.capacitybroker.billing.rating.RatedReservation;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything reconciliation compares for one period, as plain values: what rating needs (the
 * reservations and usage records), and the documents the billing run and Stripe left behind.
 *
 * @param billingRun the period's run, or null when the period was never closed
 * @param credits credit note lines against the period's invoice lines (whenever issued) and those
 *                issued in the period (against any invoice): the first reduce what a line invoiced,
 *                the second are what the period's statements subtract
 */
public record PeriodBooks(BillingPeriod period, ReconciliationReport.BillingRunState billingRun,
                          List<RatedReservation> reservations, List<MeteredUsage> usage,
                          List<Invoice> invoices, List<CreditNoteLine> credits, List<Statement> statements,
                          List<Payout> payouts) {
    public PeriodBooks {
        Objects.requireNonNull(period, "period");
        reservations = List.copyOf(reservations);
        usage = List.copyOf(usage);
        invoices = List.copyOf(invoices);
        credits = List.copyOf(credits);
        statements = List.copyOf(statements);
        payouts = List.copyOf(payouts);
    }

    /**
     * An issued invoice of the period; its status follows Stripe's webhooks. {@code amountPaid} is what Stripe reported paid (null until
     * paid); {@code finalizedAtStripe} is true once Stripe numbered it.
     */
    public record Invoice(String id, String tenantId, Currency currency, Money total, InvoiceStatus status,
                          Money amountPaid, String stripeInvoiceId, boolean finalizedAtStripe, List<InvoiceLine> lines) {
        public Invoice {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(status, "status");
            lines = List.copyOf(lines);
        }
    }

    public record InvoiceLine(String id, String reservationId, String allocationId, String partnerId, UUID offerId,
                              LineKind kind, BigDecimal quantity, Money amount) {}

    public record CreditNoteLine(String creditNoteId, String invoiceLineId, String partnerId, BillingPeriod issuedIn,
                                 Money amount) {}

    public record Statement(String id, String partnerId, Money invoiced, Money credited, BigDecimal commissionRate,
                            Money commission, Money net) {}

    public record Payout(String id, String statementId, Money amount, PayoutStatus status, String stripeTransferId) {}
}

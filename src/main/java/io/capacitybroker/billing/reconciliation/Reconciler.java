package io.capacitybroker.billing.reconciliation;

import static io.capacitybroker.billing.reconciliation.MismatchKind.AMOUNT_DIFFERS;
import static io.capacitybroker.billing.reconciliation.MismatchKind.INVOICED_NOT_RATED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_AT_STRIPE;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_INVOICED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAYMENT_FAILED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.UNPAID;
import static io.capacitybroker.billing.reconciliation.MismatchKind.USAGE_UNRATED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.USAGE_WITHOUT_RESERVATION;

import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.rating.Rating;
import io.capacitybroker.billing.rating.RatedLine;
import io.capacitybroker.billing.rating.RatingResult;
import io.capacitybroker.billing.rating.UnratedUsage;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Invoice;
import io.capacitybroker.billing.reconciliation.PeriodBooks.InvoiceLine;
import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a period's books with themselves: what rating says should have been invoiced (the same
 * {@link Rating} the billing run uses, so the rule exists once) against the invoice lines, the
 * invoices against their lines and Stripe, the statements and payouts against the invoices and
 * credit notes, and lists the usage that bills nothing. Plain Java without I/O, like rating.
 */
public final class Reconciler {
    private Reconciler() {}

    /** An invoice line together with the invoice that carries it. */
    record Billed(Invoice invoice, InvoiceLine line) {}

    record LineKey(String allocationId, LineKind kind) {}

    public static ReconciliationReport reconcile(PeriodBooks books) {
        RatingResult rating = Rating.rate(books.period(), books.reservations(), books.usage());
        Map<LineKey, RatedLine> rated = new LinkedHashMap<>();
        rating.lines().forEach(line -> rated.put(new LineKey(line.allocationId(), line.kind()), line));
        Map<LineKey, Billed> billed = new LinkedHashMap<>();
        books.invoices().stream().sorted(Comparator.comparing(Invoice::id)).forEach(invoice -> invoice.lines()
                .forEach(line -> billed.put(new LineKey(line.allocationId(), line.kind()), new Billed(invoice, line))));

        List<Mismatch> mismatches = new ArrayList<>();
        compareLines(rated, billed, mismatches);
        books.invoices().stream().sorted(Comparator.comparing(Invoice::id)).forEach(invoice -> checkInvoice(invoice, mismatches));
        Settlements.check(books, mismatches);
        rating.unrated().forEach(unrated -> mismatches.add(unratedUsage(unrated)));
        mismatches.sort(Comparator.comparing(Mismatch::kind));
        return ReportRows.report(books, rating, billed.values(), mismatches);
    }

    private static void compareLines(Map<LineKey, RatedLine> rated, Map<LineKey, Billed> billed, List<Mismatch> out) {
        rated.forEach((key, line) -> {
            Billed found = billed.get(key);
            if (found == null) {
                out.add(Mismatch.of(NOT_INVOICED, line.kind() + " " + gpuHours(line.quantity())
                                + " GPU-h is rated but on no invoice of the period")
                        .amounts(line.amount(), null).tenant(line.tenantId()).partner(line.partnerId())
                        .reservation(line.reservationId()).allocation(line.allocationId()).build());
            } else if (!found.line().amount().equals(line.amount()) || found.line().quantity().compareTo(line.quantity()) != 0) {
                out.add(forLine(Mismatch.of(AMOUNT_DIFFERS, line.kind() + " line: rated " + gpuHours(line.quantity())
                        + " GPU-h for " + line.amount() + ", invoiced " + gpuHours(found.line().quantity()) + " GPU-h for "
                        + found.line().amount()), found)
                        .amounts(line.amount(), found.line().amount()).build());
            }
        });
        billed.forEach((key, found) -> {
            if (!rated.containsKey(key)) {
                out.add(forLine(Mismatch.of(INVOICED_NOT_RATED, found.line().kind() + " line is invoiced but rating bills "
                        + "no such line"), found).amounts(null, found.line().amount()).build());
            }
        });
    }

    private static Mismatch.Builder forLine(Mismatch.Builder mismatch, Billed found) {
        InvoiceLine line = found.line();
        return mismatch.tenant(found.invoice().tenantId()).partner(line.partnerId()).reservation(line.reservationId())
                .allocation(line.allocationId()).invoice(found.invoice().id()).invoiceLine(line.id());
    }

    /** The invoice against its own lines, and Stripe's view of it against the broker's. */
    private static void checkInvoice(Invoice invoice, List<Mismatch> out) {
        Money sumOfLines = invoice.lines().stream().map(InvoiceLine::amount).reduce(Money.zero(invoice.currency()), Money::plus);
        if (!sumOfLines.equals(invoice.total())) {
            out.add(forInvoice(Mismatch.of(AMOUNT_DIFFERS, "invoice total " + invoice.total() + " is not the sum of its lines "
                    + sumOfLines), invoice).amounts(sumOfLines, invoice.total()).build());
        }
        if (invoice.stripeInvoiceId() == null || !invoice.finalizedAtStripe()) {
            out.add(forInvoice(Mismatch.of(NOT_AT_STRIPE, "issued, but not finalized at Stripe"), invoice)
                    .amounts(invoice.total(), null).build());
        }
        switch (invoice.status()) {
            case ISSUED -> out.add(forInvoice(Mismatch.of(UNPAID, "issued, Stripe has not reported it paid"), invoice)
                    .amounts(invoice.total(), Money.zero(invoice.currency())).build());
            case PAYMENT_FAILED -> out.add(forInvoice(Mismatch.of(PAYMENT_FAILED, "Stripe reported the payment failed"), invoice)
                    .amounts(invoice.total(), Money.zero(invoice.currency())).build());
            case PAID -> {
                // Credit notes are not pushed to Stripe (ADR 0009), so Stripe collects the full total.
                if (invoice.amountPaid() == null || !invoice.amountPaid().equals(invoice.total())) {
                    out.add(forInvoice(Mismatch.of(AMOUNT_DIFFERS, "Stripe collected " + invoice.amountPaid()
                            + " for an invoice of " + invoice.total()), invoice).amounts(invoice.total(), invoice.amountPaid()).build());
                }
            }
        }
    }

    private static Mismatch.Builder forInvoice(Mismatch.Builder mismatch, Invoice invoice) {
        return mismatch.tenant(invoice.tenantId()).invoice(invoice.id()).stripe(invoice.stripeInvoiceId());
    }

    /** GPU-hours as people write them: 16, not 16.000000 as stored. */
    private static String gpuHours(BigDecimal quantity) {
        return quantity.stripTrailingZeros().toPlainString();
    }

    private static Mismatch unratedUsage(UnratedUsage unrated) {
        boolean noReservation = unrated.reason() == UnratedUsage.Reason.NO_RESERVATION;
        return Mismatch.of(noReservation ? USAGE_WITHOUT_RESERVATION : USAGE_UNRATED,
                        gpuHours(unrated.usage().gpuHours()) + " GPU-h delivered, billed nothing: " + unrated.reason())
                .partner(unrated.usage().partnerId()).reservation(unrated.usage().reservationId())
                .usageRecord(unrated.usage().recordId()).build();
    }
}

package io.capacitybroker.billing.reconciliation;

import static io.capacitybroker.billing.reconciliation.MismatchKind.AMOUNT_DIFFERS;
import static io.capacitybroker.billing.reconciliation.MismatchKind.INVOICED_NOT_RATED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_AT_STRIPE;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_INVOICED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_PAID_OUT;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NO_STATEMENT;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAID_OUT_TWICE;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAYMENT_FAILED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAYOUT_DIFFERS;
import static io.capacitybroker.billing.reconciliation.MismatchKind.STATEMENT_DIFFERS;
import static io.capacitybroker.billing.reconciliation.MismatchKind.UNPAID;
import static io.capacitybroker.billing.reconciliation.MismatchKind.USAGE_UNRATED;
import static io.capacitybroker.billing.reconciliation.MismatchKind.USAGE_WITHOUT_RESERVATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.billing.rating.BillingStatus;
import io.capacitybroker.billing.rating.Commission;
import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.rating.MeteredUsage;
import io.capacitybroker.billing.rating.RatedAllocation;
import io.capacitybroker.billing.rating.RatedReservation;
import io.capacitybroker.billing.reconciliation.PeriodBooks.CreditNoteLine;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Invoice;
import io.capacitybroker.billing.reconciliation.PeriodBooks.InvoiceLine;
import io.capacitybroker.billing.invoice.InvoiceStatus;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Payout;
import io.capacitybroker.billing.payout.PayoutStatus;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Statement;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.AllocationRow;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.CurrencyTotals;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The reconciler, kind by kind: a clean month of the worked example's R2 (80 GPU-h reserved, 85
 * delivered, at 2.345 USD: RESERVED 187.60 + OVERAGE 11.72 = 199.32; commission 19.93; net
 * 179.39), then that month with one planted difference at a time, each found alone.
 */
class ReconcilerTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final BillingPeriod MARCH = BillingPeriod.of(2030, 3);
    private static final BillingPeriod APRIL = BillingPeriod.of(2030, 4);
    private static final UUID OFFER = UUID.fromString("00000000-0000-0000-0000-00000000a100");
    private static final BigDecimal RATE = new BigDecimal("0.10");

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private static RatedReservation reservation(String id, BillingStatus status, String allocationId) {
        return new RatedReservation(id, "acme", status, Instant.parse("2030-03-10T00:00:00Z"),
                Instant.parse("2030-03-10T10:00:00Z"), null,
                List.of(new RatedAllocation(allocationId, "singtel", OFFER, 8, new BigDecimal("2.345"), USD)));
    }

    private static MeteredUsage usage(String recordId, String reservationId, String gpuHours, String start, String end) {
        return new MeteredUsage("singtel", recordId, reservationId, OFFER, new BigDecimal(gpuHours), Instant.parse(start),
                Instant.parse(end));
    }

    private static InvoiceLine line(String id, LineKind kind, String quantity, String amount) {
        return new InvoiceLine(id, "r1", "a1", "singtel", OFFER, kind, new BigDecimal(quantity), usd(amount));
    }

    private static Statement statement(String invoiced, String credited) {
        Commission c = Commission.on(usd(invoiced).minus(usd(credited)), RATE);
        return new Statement("st1", "singtel", usd(invoiced), usd(credited), RATE, c.commission(), c.net());
    }

    private static Payout payout(String id, String amount, PayoutStatus status) {
        return new Payout(id, "st1", usd(amount), status, status == PayoutStatus.PENDING ? null : "tr_" + id);
    }

    /** A month whose documents agree, changed one field at a time by the tests. */
    private static final class Month {
        final List<RatedReservation> reservations = new ArrayList<>(List.of(reservation("r1", BillingStatus.BOOKED, "a1")));
        final List<MeteredUsage> usage = new ArrayList<>(List.of(
                usage("u1", "r1", "80", "2030-03-10T00:00:00Z", "2030-03-10T10:00:00Z"),
                usage("u2", "r1", "5", "2030-03-10T10:00:00Z", "2030-03-10T11:00:00Z")));
        final List<InvoiceLine> lines = new ArrayList<>(List.of(line("l1", LineKind.RESERVED, "80", "187.60"),
                line("l2", LineKind.OVERAGE, "5", "11.72")));
        final List<CreditNoteLine> credits = new ArrayList<>();
        Money total;
        InvoiceStatus status = InvoiceStatus.PAID;
        Money amountPaid;
        String stripeInvoiceId = "in_1";
        boolean finalized = true;
        List<Statement> statements;
        List<Payout> payouts;

        ReconciliationReport reconcile() {
            Money sumOfLines = lines.stream().map(InvoiceLine::amount).reduce(usd("0"), Money::plus);
            Money invoiceTotal = total != null ? total : sumOfLines;
            Money paid = status != InvoiceStatus.PAID ? null : amountPaid != null ? amountPaid : invoiceTotal;
            Invoice invoice = new Invoice("inv1", "acme", USD, invoiceTotal, status, paid, stripeInvoiceId, finalized, lines);
            Money credited = credits.stream().filter(c -> c.issuedIn().equals(MARCH)).map(CreditNoteLine::amount)
                    .reduce(usd("0"), Money::plus);
            List<Statement> st = statements != null ? statements
                    : List.of(statement(sumOfLines.amount().toPlainString(), credited.amount().toPlainString()));
            List<Payout> po = payouts != null ? payouts : st.stream()
                    .map(s -> payout("po1", s.net().amount().toPlainString(), PayoutStatus.PAID)).toList();
            return Reconciler.reconcile(new PeriodBooks(MARCH, new ReconciliationReport.BillingRunState("run1", "COMPLETED"),
                    reservations, usage, List.of(invoice), credits, st, po));
        }
    }

    private static List<MismatchKind> kinds(ReconciliationReport report) {
        return report.mismatches().stream().map(Mismatch::kind).toList();
    }

    private static Mismatch only(ReconciliationReport report, MismatchKind kind) {
        assertThat(kinds(report)).containsExactly(kind);
        assertThat(report.summary().clean()).isFalse();
        assertThat(report.summary().mismatches()).containsEntry(kind, 1);
        return report.mismatches().get(0);
    }

    @Test
    void aMonthWhoseDocumentsAgreeIsClean() {
        ReconciliationReport report = new Month().reconcile();

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.summary().clean()).isTrue();
        assertThat(report.summary().mismatches()).hasSize(MismatchKind.values().length).allSatisfy((kind, n) -> assertThat(n).isZero());
        assertThat(report.summary().totals()).singleElement().isEqualTo(new CurrencyTotals("USD", new BigDecimal("199.32"),
                new BigDecimal("199.32"), new BigDecimal("0.00"), new BigDecimal("199.32"), new BigDecimal("179.39"),
                new BigDecimal("19.93")));
        AllocationRow row = report.allocations().get(0);
        assertThat(report.allocations()).hasSize(1);
        assertThat(row.reservedGpuHours()).isEqualByComparingTo("80");
        assertThat(row.deliveredGpuHours()).isEqualByComparingTo("85");
        assertThat(row.rated()).isEqualTo(new BigDecimal("199.32"));
        assertThat(row.invoiced()).isEqualTo(new BigDecimal("199.32"));
        assertThat(row).extracting(AllocationRow::invoiceId, AllocationRow::invoiceStatus, AllocationRow::statementId,
                AllocationRow::payoutId, AllocationRow::payoutStatus).containsExactly("inv1", "PAID", "st1", "po1", "PAID");
        assertThat(row.mismatches()).isEmpty();
        assertThat(report.usage()).extracting(ReconciliationReport.UsageRow::recordId).containsExactly("u1", "u2");
        assertThat(report.usage()).allSatisfy(u -> assertThat(u.rated()).isTrue());
        assertThat(report.billingRun().status()).isEqualTo("COMPLETED");
    }

    @Test
    void aCreditNoteOfThePeriodReducesTheStatementAndTheReportStaysClean() {
        Month month = new Month();
        month.credits.add(new CreditNoteLine("cn1", "l2", "singtel", MARCH, usd("11.72")));
        ReconciliationReport report = month.reconcile();

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.allocations().get(0).credited()).isEqualTo(new BigDecimal("11.72"));
        assertThat(report.summary().totals().get(0).credited()).isEqualTo(new BigDecimal("11.72"));
        assertThat(report.summary().totals().get(0).commission()).isEqualTo(new BigDecimal("18.76"));
    }

    @Test
    void aRatedLineOnNoInvoiceIsNotInvoiced() {
        Month month = new Month();
        month.lines.remove(1);
        Mismatch m = only(month.reconcile(), NOT_INVOICED);
        assertThat(m).extracting(Mismatch::allocationId, Mismatch::reservationId, Mismatch::tenantId, Mismatch::partnerId,
                Mismatch::invoiceLineId).containsExactly("a1", "r1", "acme", "singtel", null);
        assertThat(m.expected()).isEqualTo(new BigDecimal("11.72"));
        assertThat(m.actual()).isNull();
        assertThat(m.detail()).contains("OVERAGE");
    }

    @Test
    void anInvoiceLineThatRatingDoesNotBillIsInvoicedNotRated() {
        Month month = new Month();
        month.lines.add(line("l3", LineKind.CANCELLATION_FEE, "8", "5.00"));
        Mismatch m = only(month.reconcile(), INVOICED_NOT_RATED);
        assertThat(m).extracting(Mismatch::invoiceId, Mismatch::invoiceLineId, Mismatch::actual)
                .containsExactly("inv1", "l3", new BigDecimal("5.00"));
    }

    @Test
    void aLineAmountOtherThanRatingsDiffers() {
        Month month = new Month();
        month.lines.set(1, line("l2", LineKind.OVERAGE, "5", "11.73"));
        Mismatch m = only(month.reconcile(), AMOUNT_DIFFERS);
        assertThat(m).extracting(Mismatch::invoiceLineId, Mismatch::currency, Mismatch::expected, Mismatch::actual)
                .containsExactly("l2", "USD", new BigDecimal("11.72"), new BigDecimal("11.73"));
    }

    @Test
    void aLineQuantityOtherThanRatingsDiffersEvenAtTheSameAmount() {
        Month month = new Month();
        month.lines.set(1, line("l2", LineKind.OVERAGE, "4", "11.72"));
        assertThat(only(month.reconcile(), AMOUNT_DIFFERS).detail()).contains("rated 5 GPU-h", "invoiced 4 GPU-h");
    }

    @Test
    void anInvoiceTotalOtherThanTheSumOfItsLinesDiffers() {
        Month month = new Month();
        month.total = usd("199.33");
        Mismatch m = only(month.reconcile(), AMOUNT_DIFFERS);
        assertThat(m).extracting(Mismatch::invoiceId, Mismatch::invoiceLineId, Mismatch::expected, Mismatch::actual)
                .containsExactly("inv1", null, new BigDecimal("199.32"), new BigDecimal("199.33"));
    }

    @Test
    void stripeCollectingAnotherAmountThanTheTotalDiffers() {
        Month month = new Month();
        month.amountPaid = usd("190.00");
        Mismatch m = only(month.reconcile(), AMOUNT_DIFFERS);
        assertThat(m).extracting(Mismatch::stripeId, Mismatch::expected, Mismatch::actual)
                .containsExactly("in_1", new BigDecimal("199.32"), new BigDecimal("190.00"));
        assertThat(month.reconcile().summary().totals().get(0).paid()).isEqualTo(new BigDecimal("190.00"));
    }

    @Test
    void anIssuedInvoiceNotPaidIsUnpaidAndShowsOnItsRows() {
        Month month = new Month();
        month.status = InvoiceStatus.ISSUED;
        ReconciliationReport report = month.reconcile();
        Mismatch m = only(report, UNPAID);
        assertThat(m).extracting(Mismatch::invoiceId, Mismatch::tenantId, Mismatch::expected, Mismatch::actual)
                .containsExactly("inv1", "acme", new BigDecimal("199.32"), new BigDecimal("0.00"));
        assertThat(report.allocations().get(0).mismatches()).containsExactly(UNPAID);
        assertThat(report.summary().totals().get(0).paid()).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void aFailedPaymentIsReportedOnItsOwn() {
        Month month = new Month();
        month.status = InvoiceStatus.PAYMENT_FAILED;
        assertThat(only(month.reconcile(), PAYMENT_FAILED).invoiceId()).isEqualTo("inv1");
    }

    @Test
    void anInvoiceNeverFinalizedAtStripeIsNotAtStripe() {
        Month month = new Month();
        month.status = InvoiceStatus.ISSUED;
        month.stripeInvoiceId = null;
        month.finalized = false;
        assertThat(kinds(month.reconcile())).containsExactly(UNPAID, NOT_AT_STRIPE);
    }

    @Test
    void aPartnerInvoicedWithoutAStatementHasNoStatement() {
        Month month = new Month();
        month.statements = List.of();
        month.payouts = List.of();
        Mismatch m = only(month.reconcile(), NO_STATEMENT);
        assertThat(m).extracting(Mismatch::partnerId, Mismatch::expected).containsExactly("singtel", new BigDecimal("199.32"));
    }

    @Test
    void aStatementInvoicingOtherThanTheLinesDiffers() {
        Month month = new Month();
        month.statements = List.of(statement("190.00", "0"));
        Mismatch m = only(month.reconcile(), STATEMENT_DIFFERS);
        assertThat(m).extracting(Mismatch::statementId, Mismatch::expected, Mismatch::actual)
                .containsExactly("st1", new BigDecimal("199.32"), new BigDecimal("190.00"));
    }

    @Test
    void aStatementCreditingANoteOfAnotherMonthDiffers() {
        Month month = new Month();
        month.credits.add(new CreditNoteLine("cn1", "l2", "singtel", APRIL, usd("11.72")));
        month.statements = List.of(statement("199.32", "11.72"));
        Mismatch m = only(month.reconcile(), STATEMENT_DIFFERS);
        assertThat(m.detail()).contains("credited");
        assertThat(m).extracting(Mismatch::expected, Mismatch::actual).containsExactly(new BigDecimal("0.00"), new BigDecimal("11.72"));
    }

    @Test
    void aCommissionOtherThanTheRateGivesDiffers() {
        Month month = new Month();
        month.statements = List.of(new Statement("st1", "singtel", usd("199.32"), usd("0"), RATE, usd("20.00"), usd("179.32")));
        Mismatch m = only(month.reconcile(), STATEMENT_DIFFERS);
        assertThat(m).extracting(Mismatch::expected, Mismatch::actual).containsExactly(new BigDecimal("19.93"), new BigDecimal("20.00"));
    }

    @Test
    void aStatementWithoutASettledPayoutIsNotPaidOut() {
        for (List<Payout> payouts : List.of(List.<Payout>of(), List.of(payout("po1", "179.39", PayoutStatus.PENDING)),
                List.of(payout("po1", "179.39", PayoutStatus.FAILED)), List.of(payout("po1", "179.39", PayoutStatus.REVERSED)))) {
            Month month = new Month();
            month.payouts = payouts;
            Mismatch m = only(month.reconcile(), NOT_PAID_OUT);
            assertThat(m).extracting(Mismatch::statementId, Mismatch::expected).containsExactly("st1", new BigDecimal("179.39"));
            assertThat(m.payoutId()).isEqualTo(payouts.isEmpty() ? null : "po1");
        }
    }

    @Test
    void twoSettledPayoutsForOneStatementArePaidOutTwice() {
        Month month = new Month();
        month.payouts = List.of(payout("po1", "179.39", PayoutStatus.PAID), payout("po2", "179.39", PayoutStatus.PAID));
        Mismatch m = only(month.reconcile(), PAID_OUT_TWICE);
        assertThat(m).extracting(Mismatch::statementId, Mismatch::payoutId, Mismatch::stripeId, Mismatch::expected, Mismatch::actual)
                .containsExactly("st1", "po2", "tr_po2", new BigDecimal("179.39"), new BigDecimal("358.78"));
        assertThat(month.reconcile().summary().totals().get(0).paidOut()).isEqualTo(new BigDecimal("358.78"));
    }

    @Test
    void aPayoutOfAnotherAmountThanTheNetDiffers() {
        Month month = new Month();
        month.payouts = List.of(payout("po1", "180.00", PayoutStatus.PAID));
        Mismatch m = only(month.reconcile(), PAYOUT_DIFFERS);
        assertThat(m).extracting(Mismatch::payoutId, Mismatch::stripeId, Mismatch::expected, Mismatch::actual)
                .containsExactly("po1", "tr_po1", new BigDecimal("179.39"), new BigDecimal("180.00"));
    }

    @Test
    void usageWithoutAReservationIsListedAndBillsNothing() {
        Month month = new Month();
        month.usage.add(usage("u3", null, "16", "2030-03-12T00:00:00Z", "2030-03-12T02:00:00Z"));
        ReconciliationReport report = month.reconcile();
        Mismatch m = only(report, USAGE_WITHOUT_RESERVATION);
        assertThat(m).extracting(Mismatch::usageRecordId, Mismatch::partnerId, Mismatch::reservationId)
                .containsExactly("u3", "singtel", null);
        assertThat(report.usage()).filteredOn(u -> u.recordId().equals("u3")).singleElement()
                .satisfies(u -> assertThat(u.unratedReason()).isEqualTo("NO_RESERVATION"));
    }

    @Test
    void usageOfAReservationThatBillsNothingIsUnrated() {
        Month month = new Month();
        month.reservations.add(reservation("r2", BillingStatus.NOT_BILLABLE, "a2"));
        month.usage.add(usage("u4", "r2", "8", "2030-03-10T00:00:00Z", "2030-03-10T01:00:00Z"));
        Mismatch m = only(month.reconcile(), USAGE_UNRATED);
        assertThat(m).extracting(Mismatch::usageRecordId, Mismatch::reservationId).containsExactly("u4", "r2");
        assertThat(m.detail()).contains("RESERVATION_NOT_BILLABLE");
    }
}

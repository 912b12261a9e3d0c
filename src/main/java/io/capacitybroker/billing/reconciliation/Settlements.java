package io.capacitybroker.billing.reconciliation;

import static io.capacitybroker.billing.reconciliation.MismatchKind.NOT_PAID_OUT;
import static io.capacitybroker.billing.reconciliation.MismatchKind.NO_STATEMENT;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAID_OUT_TWICE;
import static io.capacitybroker.billing.reconciliation.MismatchKind.PAYOUT_DIFFERS;
import static io.capacitybroker.billing.reconciliation.MismatchKind.STATEMENT_DIFFERS;

import io.capacitybroker.billing.rating.Commission;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Payout;
import io.capacitybroker.billing.payout.PayoutStatus;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Statement;
import io.capacitybroker.platform.money.Money;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partner side: each statement against the invoice lines and credit notes it summarises
 * (docs/billing.md section 4, with the same {@link Commission} the run uses), and its payouts
 * against its net.
 */
final class Settlements {
    private Settlements() {}

    /** A partner's settlement in one currency. */
    record PartnerCurrency(String partnerId, String currency) implements Comparable<PartnerCurrency> {
        static PartnerCurrency of(String partnerId, Money money) {
            return new PartnerCurrency(partnerId, money.currency().getCurrencyCode());
        }

        @Override
        public int compareTo(PartnerCurrency other) {
            return Comparator.comparing(PartnerCurrency::partnerId).thenComparing(PartnerCurrency::currency).compare(this, other);
        }
    }

    static void check(PeriodBooks books, List<Mismatch> out) {
        Map<PartnerCurrency, Money> invoiced = new TreeMap<>();
        books.invoices().forEach(invoice -> invoice.lines().forEach(line ->
                invoiced.merge(PartnerCurrency.of(line.partnerId(), line.amount()), line.amount(), Money::plus)));
        Map<PartnerCurrency, Money> credited = new TreeMap<>();
        books.credits().stream().filter(credit -> credit.issuedIn().equals(books.period())).forEach(credit ->
                credited.merge(PartnerCurrency.of(credit.partnerId(), credit.amount()), credit.amount(), Money::plus));
        Map<PartnerCurrency, Statement> statements = new TreeMap<>();
        books.statements().forEach(s -> statements.put(PartnerCurrency.of(s.partnerId(), s.invoiced()), s));

        Set<PartnerCurrency> settlements = new TreeSet<>(invoiced.keySet());
        settlements.addAll(credited.keySet());
        settlements.addAll(statements.keySet());
        for (PartnerCurrency key : settlements) {
            Statement statement = statements.get(key);
            Money expectedInvoiced = invoiced.get(key);
            Money expectedCredited = credited.get(key);
            if (statement == null) {
                Money gross = orZero(expectedInvoiced, expectedCredited).minus(orZero(expectedCredited, expectedInvoiced));
                out.add(Mismatch.of(NO_STATEMENT, "invoiced or credited in the period, but no statement")
                        .amounts(gross, null).partner(key.partnerId()).build());
                continue;
            }
            checkStatement(statement, orZero(expectedInvoiced, statement.invoiced()), orZero(expectedCredited, statement.invoiced()), out);
            checkPayouts(statement, books.payouts().stream().filter(p -> p.statementId().equals(statement.id()))
                    .sorted(Comparator.comparing(Payout::id)).toList(), out);
        }
    }

    private static Money orZero(Money amount, Money ofCurrency) {
        return amount != null ? amount : Money.zero(ofCurrency.currency());
    }

    private static void checkStatement(Statement s, Money invoiced, Money credited, List<Mismatch> out) {
        if (!s.invoiced().equals(invoiced)) {
            out.add(forStatement(Mismatch.of(STATEMENT_DIFFERS, "invoiced " + s.invoiced() + ", the period's invoice lines of "
                    + "the partner sum to " + invoiced), s).amounts(invoiced, s.invoiced()).build());
        }
        if (!s.credited().equals(credited)) {
            out.add(forStatement(Mismatch.of(STATEMENT_DIFFERS, "credited " + s.credited() + ", the credit notes issued in "
                    + "the period for the partner sum to " + credited), s).amounts(credited, s.credited()).build());
        }
        Commission expected = Commission.on(s.invoiced().minus(s.credited()), s.commissionRate());
        if (!s.commission().equals(expected.commission()) || !s.net().equals(expected.net())) {
            out.add(forStatement(Mismatch.of(STATEMENT_DIFFERS, "commission " + s.commission() + " and net " + s.net()
                    + ", at its rate " + s.commissionRate().toPlainString() + " they are " + expected.commission() + " and "
                    + expected.net()), s).amounts(expected.commission(), s.commission()).build());
        }
    }

    private static void checkPayouts(Statement s, List<Payout> payouts, List<Mismatch> out) {
        List<Payout> settled = payouts.stream().filter(p -> p.status() == PayoutStatus.PAID).toList();
        if (settled.size() > 1) {
            Money paidOut = settled.stream().map(Payout::amount).reduce(Money::plus).orElseThrow();
            out.add(forStatement(Mismatch.of(PAID_OUT_TWICE, settled.size() + " settled payouts: "
                    + settled.stream().map(p -> p.id() + " (" + p.stripeTransferId() + ")").toList()), s)
                    .payout(settled.get(1).id()).stripe(settled.get(1).stripeTransferId()).amounts(s.net(), paidOut).build());
        }
        if (s.net().amount().signum() > 0 && settled.isEmpty()) {
            Payout waiting = payouts.isEmpty() ? null : payouts.get(0);
            out.add(forStatement(Mismatch.of(NOT_PAID_OUT, waiting == null ? "no payout for a net of " + s.net()
                    : "payout " + waiting.status()), s).payout(waiting == null ? null : waiting.id())
                    .amounts(s.net(), Money.zero(s.net().currency())).build());
        }
        for (Payout p : payouts) {
            if (!p.amount().equals(s.net())) {
                out.add(forStatement(Mismatch.of(PAYOUT_DIFFERS, "payout of " + p.amount() + " (" + p.status()
                        + ") for a statement net of " + s.net()), s).payout(p.id()).stripe(p.stripeTransferId())
                        .amounts(s.net(), p.amount()).build());
            }
        }
    }

    private static Mismatch.Builder forStatement(Mismatch.Builder mismatch, Statement s) {
        return mismatch.partner(s.partnerId()).statement(s.id());
    }
}

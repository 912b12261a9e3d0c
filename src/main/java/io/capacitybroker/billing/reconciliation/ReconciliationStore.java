package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.billing.invoice.InvoiceStatus;
import io.capacitybroker.billing.payout.PayoutStatus;
import io.capacitybroker.billing.rating.LineKind;
import io.capacitybroker.billing.reconciliation.PeriodBooks.CreditNoteLine;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Invoice;
import io.capacitybroker.billing.reconciliation.PeriodBooks.InvoiceLine;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Payout;
import io.capacitybroker.billing.reconciliation.PeriodBooks.Statement;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.BillingRunState;
import io.capacitybroker.billing.run.RatingInput;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads a period's books: rating's input through the billing run's own {@link RatingInput} (so
 * both rate the same reservations and usage), and the documents as stored. Plain reads, one after
 * the other in one session; nothing is written.
 */
@ApplicationScoped
public class ReconciliationStore {
    @Inject RatingInput ratingInput;

    public Uni<PeriodBooks> books(Mutiny.Session s, BillingPeriod period) {
        return ratingInput.reservations(s, period).chain(reservations -> ratingInput.usage(s, period)
                .chain(usage -> run(s, period)
                .chain(run -> invoices(s, period)
                .chain(invoices -> credits(s, period)
                .chain(credits -> statements(s, period)
                .chain(statements -> payouts(s, period)
                .map(payouts -> new PeriodBooks(period, run, reservations, usage, invoices, credits, statements, payouts))))))));
    }

    private Uni<BillingRunState> run(Mutiny.Session s, BillingPeriod period) {
        return rows(s, "select id, status from billing_run where period = :period", period)
                .map(rows -> rows.isEmpty() ? null : new BillingRunState(text(rows.get(0)[0]), text(rows.get(0)[1])));
    }

    private Uni<List<Invoice>> invoices(Mutiny.Session s, BillingPeriod period) {
        return rows(s, """
                select l.invoice_id, l.id, l.reservation_id, l.allocation_id, l.partner_id, l.offer_id, l.kind, l.quantity, l.amount
                from invoice_line l join invoice i on i.id = l.invoice_id
                where i.period = :period order by l.invoice_id, l.line_no""", period).chain(lineRows -> {
            Map<String, List<Object[]>> linesByInvoice = new HashMap<>();
            lineRows.forEach(r -> linesByInvoice.computeIfAbsent(text(r[0]), k -> new ArrayList<>()).add(r));
            return rows(s, """
                    select id, tenant_id, currency, total, status, amount_paid, stripe_invoice_id, finalized_at
                    from invoice where period = :period order by id""", period)
                    .map(invoiceRows -> invoiceRows.stream().map(r -> {
                        Currency currency = currency(r[2]);
                        List<InvoiceLine> lines = linesByInvoice.getOrDefault(text(r[0]), List.of()).stream()
                                .map(l -> new InvoiceLine(text(l[1]), text(l[2]), text(l[3]), text(l[4]), Rows.uuid(l[5]),
                                        LineKind.valueOf(text(l[6])), Rows.decimal(l[7]), money(l[8], currency)))
                                .toList();
                        return new Invoice(text(r[0]), text(r[1]), currency, money(r[3], currency),
                                InvoiceStatus.valueOf(text(r[4])), r[5] == null ? null : money(r[5], currency), text(r[6]),
                                r[7] != null, lines);
                    }).toList());
        });
    }

    /** Credit notes against the period's invoices, and those issued in the period against any invoice. */
    private Uni<List<CreditNoteLine>> credits(Mutiny.Session s, BillingPeriod period) {
        return rows(s, """
                select c.id, cl.invoice_line_id, cl.partner_id, c.period, c.currency, cl.amount
                from credit_note_line cl join credit_note c on c.id = cl.credit_note_id join invoice i on i.id = c.invoice_id
                where i.period = :period or c.period = :period order by c.id, cl.line_no""", period)
                .map(rows -> rows.stream().map(r -> new CreditNoteLine(text(r[0]), text(r[1]), text(r[2]),
                        BillingPeriod.parse(text(r[3])).orElseThrow(), money(r[5], currency(r[4])))).toList());
    }

    private Uni<List<Statement>> statements(Mutiny.Session s, BillingPeriod period) {
        return rows(s, """
                select id, partner_id, currency, invoiced, credited, commission_rate, commission, net
                from partner_statement where period = :period order by id""", period)
                .map(rows -> rows.stream().map(r -> {
                    Currency currency = currency(r[2]);
                    return new Statement(text(r[0]), text(r[1]), money(r[3], currency), money(r[4], currency),
                            Rows.decimal(r[5]), money(r[6], currency), money(r[7], currency));
                }).toList());
    }

    private Uni<List<Payout>> payouts(Mutiny.Session s, BillingPeriod period) {
        return rows(s, """
                select p.id, p.statement_id, p.currency, p.amount, p.status, p.stripe_transfer_id
                from payout p join partner_statement st on st.id = p.statement_id
                where st.period = :period order by p.id""", period)
                .map(rows -> rows.stream().map(r -> new Payout(text(r[0]), text(r[1]), money(r[3], currency(r[2])),
                        PayoutStatus.valueOf(text(r[4])), text(r[5]))).toList());
    }

    private static Uni<List<Object[]>> rows(Mutiny.Session s, String sql, BillingPeriod period) {
        return s.createNativeQuery(sql, Object[].class).setParameter("period", period.toString()).getResultList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString().trim();
    }

    private static Currency currency(Object value) {
        return Currency.getInstance(text(value));
    }

    /**
     * Amounts are stored at four decimals and meant to be at the minor unit; one that is not is
     * rounded like any line rather than failing the whole report.
     */
    private static Money money(Object value, Currency currency) {
        return Money.rounded(Rows.decimal(value), currency);
    }
}

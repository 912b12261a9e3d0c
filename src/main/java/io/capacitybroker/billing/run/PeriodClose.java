package io.capacitybroker.billing.run;

import io.capacitybroker.billing.events.BillingEvents;
import io.capacitybroker.billing.invoice.InvoiceStore;
import io.capacitybroker.billing.payout.PayoutStore;
import io.capacitybroker.billing.rating.Commission;
import io.capacitybroker.billing.rating.RatedLine;
import io.capacitybroker.billing.rating.Rating;
import io.capacitybroker.billing.rating.RatingResult;
import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.finance.journal.Account;
import io.capacitybroker.finance.journal.EntryKind;
import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.NewEntry;
import io.capacitybroker.finance.journal.Posting;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The close step of a billing run, in the run's one transaction: rating over the period, one invoice
 * per tenant and currency with a line per rated line, one statement per partner and currency (its
 * credit notes of the month subtracted), a payout per statement with a positive net, the journal
 * entries INVOICE_ISSUED and COMMISSION_EARNED (docs/billing.md section 5), the events and the audit.
 */
@ApplicationScoped
public class PeriodClose {
    @Inject RatingInput input;
    @Inject InvoiceStore invoices;
    @Inject PayoutStore payouts;
    @Inject JournalService journal;
    @Inject BillingEvents events;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    /** What a close produced. */
    public record Closed(int invoices, int statements, int payouts) {}

    /** A tenant (invoices) or a partner (statements) and a currency, in a stable order. */
    private record PartyCurrency(String party, String currency) implements Comparable<PartyCurrency> {
        public int compareTo(PartyCurrency o) {
            int c = party.compareTo(o.party);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    public Uni<Closed> close(Mutiny.Session session, String runId, BillingPeriod period, String actor) {
        return input.reservations(session, period)
                .chain(reservations -> input.usage(session, period).map(usage -> Rating.rate(period, reservations, usage)))
                .chain(rating -> issueInvoices(session, runId, period, rating, actor)
                        .chain(invoiceCount -> issueStatements(session, runId, period, rating, actor)
                                .map(counts -> new Closed(invoiceCount, counts[0], counts[1]))));
    }

    private Uni<Integer> issueInvoices(Mutiny.Session session, String runId, BillingPeriod period, RatingResult rating,
                                       String actor) {
        Map<PartyCurrency, List<RatedLine>> byInvoice = new TreeMap<>();
        rating.lines().forEach(line -> byInvoice.computeIfAbsent(new PartyCurrency(line.tenantId(), line.currency().getCurrencyCode()),
                k -> new ArrayList<>()).add(line));
        Instant now = clock.instant();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<PartyCurrency, List<RatedLine>> invoice : byInvoice.entrySet()) {
            chain = chain.chain(() -> issueInvoice(session, runId, period, invoice.getKey(), invoice.getValue(), now, actor));
        }
        return chain.replaceWith(byInvoice.size());
    }

    private Uni<Void> issueInvoice(Mutiny.Session session, String runId, BillingPeriod period, PartyCurrency key,
                                   List<RatedLine> lines, Instant now, String actor) {
        Currency currency = Currency.getInstance(key.currency());
        Money total = lines.stream().map(RatedLine::amount).reduce(Money.zero(currency), Money::plus);
        String id = Ids.newId("inv");
        Uni<Void> chain = invoices.insertInvoice(session, id, runId, period.toString(), key.party(), total, now);
        for (int i = 0; i < lines.size(); i++) {
            RatedLine line = lines.get(i);
            int lineNo = i + 1;
            chain = chain.chain(() -> invoices.insertLine(session, Ids.newId("inl"), id, lineNo, line));
        }
        return chain
                .chain(() -> postInvoice(id, period, key.party(), total, lines, actor))
                .chain(() -> audit.record(session, DocumentType.INVOICE, id, "ISSUED", actor,
                        lines.size() + " lines, total " + total + ", billing run " + runId))
                .chain(() -> invoices.view(session, id))
                .chain(view -> events.append(session, BillingEvents.Type.INVOICE_ISSUED, id, id, view.orElseThrow()));
    }

    /** Debit what the tenant owes, credit each partner's share; an invoice of nothing moves no money. */
    private Uni<Void> postInvoice(String id, BillingPeriod period, String tenantId, Money total, List<RatedLine> lines,
                                  String actor) {
        if (total.amount().signum() == 0) return Uni.createFrom().voidItem();
        Map<String, Money> perPartner = new TreeMap<>();
        lines.forEach(line -> perPartner.merge(line.partnerId(), line.amount(), Money::plus));
        List<Posting> postings = new ArrayList<>();
        postings.add(Posting.debit(Account.TENANT_RECEIVABLE, tenantId, total));
        perPartner.forEach((partner, amount) -> {
            if (amount.amount().signum() > 0) postings.add(Posting.credit(Account.PARTNER_REVENUE_DUE, partner, amount));
        });
        return journal.post(new NewEntry(EntryKind.INVOICE_ISSUED, id, period, "invoice " + id + " to " + tenantId, postings), actor)
                .replaceWithVoid();
    }

    /** [statements, payouts]: per partner and currency, this period's invoiced lines and the credit notes issued in it. */
    private Uni<int[]> issueStatements(Mutiny.Session session, String runId, BillingPeriod period, RatingResult rating,
                                       String actor) {
        Map<PartyCurrency, Money[]> sums = new TreeMap<>(); // partner/currency -> [invoiced, credited]
        for (RatedLine line : rating.lines()) {
            Money[] s = sums.computeIfAbsent(new PartyCurrency(line.partnerId(), line.currency().getCurrencyCode()),
                    k -> zeros(line.currency()));
            s[0] = s[0].plus(line.amount());
        }
        return creditedIn(session, period).chain(credited -> {
            credited.forEach((key, amount) -> {
                Money[] s = sums.computeIfAbsent(key, k -> zeros(amount.currency()));
                s[1] = s[1].plus(amount);
            });
            int[] counts = new int[2];
            Instant now = clock.instant();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<PartyCurrency, Money[]> statement : sums.entrySet()) {
                chain = chain.chain(() -> issueStatement(session, runId, period, statement.getKey().party(),
                        statement.getValue()[0], statement.getValue()[1], now, actor, counts));
            }
            return chain.replaceWith(counts);
        });
    }

    private static Money[] zeros(Currency currency) {
        return new Money[] {Money.zero(currency), Money.zero(currency)};
    }

    private Uni<Map<PartyCurrency, Money>> creditedIn(Mutiny.Session session, BillingPeriod period) {
        return session.createNativeQuery("""
                        select l.partner_id, n.currency, sum(l.amount) from credit_note_line l
                        join credit_note n on n.id = l.credit_note_id where n.period = :period
                        group by l.partner_id, n.currency""", Object[].class)
                .setParameter("period", period.toString()).getResultList()
                .map(rows -> {
                    Map<PartyCurrency, Money> credited = new TreeMap<>();
                    rows.forEach(r -> credited.put(new PartyCurrency(r[0].toString(), r[1].toString().trim()),
                            Money.atMinorUnit(Rows.decimal(r[2]), Currency.getInstance(r[1].toString().trim()))));
                    return credited;
                });
    }

    private Uni<Void> issueStatement(Mutiny.Session session, String runId, BillingPeriod period, String partnerId,
                                     Money invoiced, Money credited, Instant now, String actor, int[] counts) {
        String id = Ids.newId("stm");
        return payouts.commissionRate(session, partnerId).chain(rate -> {
            Commission commission = Commission.on(invoiced.minus(credited), rate);
            counts[0]++;
            Uni<Void> chain = payouts.insertStatement(session, id, runId, period.toString(), partnerId, invoiced, credited,
                            commission, now)
                    .chain(() -> postCommission(id, period, partnerId, invoiced, credited, commission, actor))
                    .chain(() -> audit.record(session, DocumentType.STATEMENT, id, "ISSUED", actor, "gross "
                            + commission.gross() + ", commission " + commission.commission() + ", net " + commission.net()));
            if (commission.net().amount().signum() > 0) {
                String payoutId = Ids.newId("pay");
                counts[1]++;
                chain = chain.chain(() -> payouts.insertPayout(session, payoutId, id, runId, period.toString(), partnerId,
                                commission.net(), now))
                        .chain(() -> audit.record(session, DocumentType.PAYOUT, payoutId, "CREATED", actor,
                                commission.net() + " for statement " + id));
            }
            return chain.chain(() -> payouts.statements(session, partnerId, period.toString()))
                    .chain(views -> events.append(session, BillingEvents.Type.STATEMENT_ISSUED, id, id,
                            views.stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow()));
        });
    }

    /**
     * Revenue due to the partner is settled into credit notes, commission and net payable. A month
     * of credit notes only (gross below zero) turns commission and net to the other side.
     */
    private Uni<Void> postCommission(String id, BillingPeriod period, String partnerId, Money invoiced, Money credited,
                                     Commission commission, String actor) {
        List<Posting> postings = new ArrayList<>();
        if (invoiced.amount().signum() > 0) postings.add(Posting.debit(Account.PARTNER_REVENUE_DUE, partnerId, invoiced));
        if (credited.amount().signum() > 0) postings.add(Posting.credit(Account.CREDIT_NOTES, partnerId, credited));
        signedCredit(postings, Account.COMMISSION_REVENUE, null, commission.commission());
        signedCredit(postings, Account.PARTNER_PAYABLE, partnerId, commission.net());
        if (postings.isEmpty()) return Uni.createFrom().voidItem();
        return journal.post(new NewEntry(EntryKind.COMMISSION_EARNED, id, period,
                "statement " + id + " of " + partnerId + " at " + commission.rate(), postings), actor).replaceWithVoid();
    }

    private static void signedCredit(List<Posting> postings, Account account, String party, Money amount) {
        int sign = amount.amount().signum();
        if (sign > 0) postings.add(Posting.credit(account, party, amount));
        if (sign < 0) postings.add(Posting.debit(account, party, new Money(amount.amount().negate(), amount.currency())));
    }
}

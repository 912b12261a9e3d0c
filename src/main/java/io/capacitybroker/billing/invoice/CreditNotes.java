package io.capacitybroker.billing.invoice;

import io.capacitybroker.billing.events.BillingEvents;
import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.finance.journal.Account;
import io.capacitybroker.finance.journal.EntryKind;
import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.NewEntry;
import io.capacitybroker.finance.journal.Posting;
import io.capacitybroker.platform.error.FieldError;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Credit notes (ADR 0009): a new document against an invoice, never an edit of it, at most what is
 * left of the invoice (and of each line). The invoice row is locked while one is issued, so two
 * concurrent credit notes cannot together exceed it. It belongs to the month it is issued in.
 */
@ApplicationScoped
public class CreditNotes {
    @Inject InvoiceStore store;
    @Inject JournalService journal;
    @Inject BillingEvents events;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    /** One line of a credit note: how much of which invoice line, and whose revenue it reduces. */
    record Credit(String invoiceLineId, String partnerId, Money amount) {}

    @WithTransaction
    public Uni<CreditNoteView> issue(String invoiceId, CreditNoteRequest request, String actor) {
        if ((request.amount() == null) == (request.lines() == null || request.lines().isEmpty())) {
            throw ProblemException.invalid("amount", "give either amount or lines, not both and not neither");
        }
        return Panache.getSession().chain(session -> store.lock(session, invoiceId)
                .chain(locked -> locked.isEmpty() ? Uni.createFrom().failure(ProblemException.notFound("invoice " + invoiceId))
                        : store.view(session, invoiceId).map(view -> view.orElseThrow()))
                .chain(invoice -> {
                    List<Credit> credits = request.amount() != null ? spread(invoice, request.amount()) : perLine(invoice, request.lines());
                    return write(session, invoice, credits, request.reason().strip(), actor);
                }));
    }

    /** An amount is taken from the lines in line order, each up to what is left of it: exact, no rounding. */
    static List<Credit> spread(InvoiceView invoice, BigDecimal requested) {
        Currency currency = Currency.getInstance(invoice.currency());
        Money amount = atMinorUnit(requested, currency, "amount");
        Money remaining = Money.atMinorUnit(invoice.remaining(), currency);
        if (amount.isGreaterThan(remaining)) {
            throw exceeds("amount", amount + " is more than what is left of the invoice, " + remaining);
        }
        List<Credit> credits = new ArrayList<>();
        Money left = amount;
        for (InvoiceView.Line line : invoice.lines()) {
            if (left.amount().signum() == 0) break;
            Money open = Money.atMinorUnit(line.amount().subtract(line.credited()), currency);
            if (open.amount().signum() <= 0) continue;
            Money take = open.isGreaterThan(left) ? left : open;
            credits.add(new Credit(line.id(), line.partnerId(), take));
            left = left.minus(take);
        }
        return credits;
    }

    static List<Credit> perLine(InvoiceView invoice, List<CreditNoteRequest.Line> requested) {
        Currency currency = Currency.getInstance(invoice.currency());
        Map<String, InvoiceView.Line> lines = new HashMap<>();
        invoice.lines().forEach(l -> lines.put(l.id(), l));
        Map<String, Money> taken = new HashMap<>();
        List<Credit> credits = new ArrayList<>();
        List<FieldError> tooMuch = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            CreditNoteRequest.Line r = requested.get(i);
            InvoiceView.Line line = lines.get(r.invoiceLineId());
            if (line == null) {
                throw ProblemException.invalid("lines[" + i + "].invoiceLineId", "not a line of invoice " + invoice.id());
            }
            Money amount = atMinorUnit(r.amount(), currency, "lines[" + i + "].amount");
            Money open = Money.atMinorUnit(line.amount().subtract(line.credited()), currency);
            Money total = taken.merge(line.id(), amount, Money::plus);
            if (total.isGreaterThan(open)) {
                tooMuch.add(new FieldError("lines[" + i + "].amount", "line " + line.lineNo() + " has " + open + " left"));
            }
            credits.add(new Credit(line.id(), line.partnerId(), amount));
        }
        if (!tooMuch.isEmpty()) {
            throw new ProblemException(ProblemType.CREDIT_EXCEEDS_INVOICE, "a credit exceeds what is left of its line; nothing was issued",
                    tooMuch, Map.of());
        }
        return credits;
    }

    private Uni<CreditNoteView> write(Mutiny.Session session, InvoiceView invoice, List<Credit> credits, String reason,
                                      String actor) {
        Currency currency = Currency.getInstance(invoice.currency());
        Money total = credits.stream().map(Credit::amount).reduce(Money.zero(currency), Money::plus);
        Instant now = clock.instant();
        BillingPeriod period = BillingPeriod.containing(now);
        String id = Ids.newId("crn");
        Uni<Void> chain = session.createNativeQuery("""
                        insert into credit_note (id, invoice_id, period, tenant_id, currency, amount, reason, issued_at, issued_by)
                        values (:id, :invoice, :period, :tenant, :currency, :amount, :reason, :at, :by)""")
                .setParameter("id", id).setParameter("invoice", invoice.id()).setParameter("period", period.toString())
                .setParameter("tenant", invoice.tenantId()).setParameter("currency", invoice.currency())
                .setParameter("amount", total.amount()).setParameter("reason", reason).setParameter("at", now)
                .setParameter("by", actor).executeUpdate().replaceWithVoid();
        for (int i = 0; i < credits.size(); i++) {
            Credit credit = credits.get(i);
            int lineNo = i + 1;
            chain = chain.chain(() -> session.createNativeQuery("""
                            insert into credit_note_line (credit_note_id, line_no, invoice_line_id, partner_id, amount)
                            values (:note, :no, :line, :partner, :amount)""")
                    .setParameter("note", id).setParameter("no", lineNo).setParameter("line", credit.invoiceLineId())
                    .setParameter("partner", credit.partnerId()).setParameter("amount", credit.amount().amount())
                    .executeUpdate().replaceWithVoid());
        }
        Map<String, Money> perPartner = new TreeMap<>();
        credits.forEach(c -> perPartner.merge(c.partnerId(), c.amount(), Money::plus));
        List<Posting> postings = new ArrayList<>();
        perPartner.forEach((partner, amount) -> postings.add(Posting.debit(Account.CREDIT_NOTES, partner, amount)));
        postings.add(Posting.credit(Account.TENANT_RECEIVABLE, invoice.tenantId(), total));
        NewEntry entry = new NewEntry(EntryKind.CREDIT_NOTE, id, period, "credit note on invoice " + invoice.id() + ": " + reason, postings);
        return chain.chain(() -> journal.post(entry, actor))
                .chain(() -> audit.record(session, DocumentType.CREDIT_NOTE, id, "ISSUED", actor, total + ": " + reason))
                .chain(() -> audit.record(session, DocumentType.INVOICE, invoice.id(), "CREDITED", actor,
                        "credit note " + id + " of " + total))
                .chain(() -> session.createNativeQuery("""
                                select n.id, n.invoice_id, n.period, n.tenant_id, n.currency, n.amount, n.reason, n.issued_at, n.issued_by,
                                       l.line_no, l.invoice_line_id, l.partner_id, l.amount
                                from credit_note n join credit_note_line l on l.credit_note_id = n.id
                                where n.id = :id order by l.line_no""", Object[].class)
                        .setParameter("id", id).getResultList())
                .map(rows -> InvoiceStore.toCreditNotes(rows).get(0))
                .call(note -> events.append(session, BillingEvents.Type.CREDIT_NOTE_ISSUED, invoice.id(), id, note));
    }

    private static Money atMinorUnit(BigDecimal amount, Currency currency, String field) {
        if (amount.signum() <= 0) throw ProblemException.invalid(field, "must be greater than 0");
        if (amount.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw ProblemException.invalid(field, "has more decimals than " + currency.getCurrencyCode() + " has ("
                    + currency.getDefaultFractionDigits() + ")");
        }
        return Money.rounded(amount, currency);
    }

    private static ProblemException exceeds(String field, String message) {
        return new ProblemException(ProblemType.CREDIT_EXCEEDS_INVOICE, field + ": " + message + "; nothing was issued",
                List.of(new FieldError(field, message)), Map.of());
    }
}

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
import io.capacitybroker.platform.db.PgErrors;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.idempotency.Fingerprint;
import io.capacitybroker.platform.money.Decimals;
import io.capacitybroker.platform.money.Money;
import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.hibernate.reactive.panache.Panache;
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
 *
 * <p>Each note is issued under the client's Idempotency-Key: the same key with the same request
 * answers the note already issued, with another request it is refused. The key is looked up once
 * the invoice is locked, so a concurrent retry on the same invoice finds the first note rather than
 * a used-up invoice; one on another invoice loses on the unique key and is then refused.
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

    /** The note, and whether it was issued by an earlier request under the same key. */
    public record Issued(CreditNoteView note, boolean replayed) {}

    public Uni<Issued> issue(String invoiceId, String idempotencyKey, CreditNoteRequest request, String actor) {
        if ((request.amount() == null) == (request.lines() == null || request.lines().isEmpty())) {
            throw ProblemException.invalid("amount", "give either amount or lines, not both and not neither");
        }
        String hash = fingerprint(invoiceId, request);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> store.lock(session, invoiceId)
                        .chain(locked -> locked.isEmpty() ? Uni.createFrom().failure(ProblemException.notFound("invoice " + invoiceId))
                                : store.creditNoteByKey(session, idempotencyKey))
                        .chain(existing -> existing.isPresent() ? replayed(session, existing.get(), hash)
                                : issueNew(session, invoiceId, idempotencyKey, hash, request, actor))))
                .onFailure(PgErrors::isUniqueViolation).recoverWithUni(failure -> Panache.withSession(() -> Panache.getSession()
                        .chain(session -> store.creditNoteByKey(session, idempotencyKey)
                                .chain(existing -> existing.isPresent() ? replayed(session, existing.get(), hash)
                                        : Uni.createFrom().failure(failure)))));
    }

    private Uni<Issued> replayed(Mutiny.Session session, InvoiceStore.KeyedCreditNote existing, String hash) {
        if (!existing.requestHash().equals(hash)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was used for another credit note request (credit note " + existing.id() + ")"));
        }
        return store.creditNote(session, existing.id()).map(note -> new Issued(note, true));
    }

    private Uni<Issued> issueNew(Mutiny.Session session, String invoiceId, String key, String hash, CreditNoteRequest request,
                                 String actor) {
        return store.view(session, invoiceId).map(view -> view.orElseThrow()).chain(invoice -> {
            List<Credit> credits = request.amount() != null ? spread(invoice, request.amount()) : perLine(invoice, request.lines());
            return write(session, invoice, credits, request.reason().strip(), new Keyed(key, hash), actor);
        }).map(note -> new Issued(note, false));
    }

    /** The request as it decides the note; the reason last, as the one part that may hold newlines. */
    static String fingerprint(String invoiceId, CreditNoteRequest request) {
        List<String> parts = new ArrayList<>();
        parts.add(invoiceId);
        parts.add(request.amount() == null ? "null" : Decimals.normalized(request.amount()).toPlainString());
        List<CreditNoteRequest.Line> lines = request.lines() == null ? List.of() : request.lines();
        parts.add(String.valueOf(lines.size()));
        for (CreditNoteRequest.Line line : lines) {
            parts.add(line.invoiceLineId());
            parts.add(line.amount() == null ? "null" : Decimals.normalized(line.amount()).toPlainString());
        }
        parts.add(request.reason().strip());
        return Fingerprint.of(parts.toArray(String[]::new));
    }

    /** The key a note is issued under and the fingerprint of its request. */
    private record Keyed(String key, String requestHash) {}

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
                                      Keyed keyed, String actor) {
        Currency currency = Currency.getInstance(invoice.currency());
        Money total = credits.stream().map(Credit::amount).reduce(Money.zero(currency), Money::plus);
        Instant now = clock.instant();
        BillingPeriod period = BillingPeriod.containing(now);
        String id = Ids.newId("crn");
        Uni<Void> chain = session.createNativeQuery("""
                        insert into credit_note (id, invoice_id, period, tenant_id, currency, amount, reason, issued_at, issued_by,
                                                 idempotency_key, request_hash)
                        values (:id, :invoice, :period, :tenant, :currency, :amount, :reason, :at, :by, :key, :hash)""")
                .setParameter("id", id).setParameter("invoice", invoice.id()).setParameter("period", period.toString())
                .setParameter("tenant", invoice.tenantId()).setParameter("currency", invoice.currency())
                .setParameter("amount", total.amount()).setParameter("reason", reason).setParameter("at", now)
                .setParameter("by", actor).setParameter("key", keyed.key()).setParameter("hash", keyed.requestHash())
                .executeUpdate().replaceWithVoid();
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
                .chain(() -> store.creditNote(session, id))
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

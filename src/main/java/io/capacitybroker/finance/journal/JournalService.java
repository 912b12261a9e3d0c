package io.capacitybroker.finance.journal;

import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Posts balanced entries to the double-entry journal, inside the caller's transaction, so that a
 * money movement and its entry commit or roll back together. Each business document is posted
 * once: posting it again returns the entry already there and writes nothing.
 */
@ApplicationScoped
public class JournalService {
    @Inject Clock clock;

    public record Posted(String entryId, boolean replayed) {}

    /** Must run inside a transaction (for example a {@code @WithTransaction} method) of the caller. */
    public Uni<Posted> post(NewEntry entry, String actor) {
        return Panache.getSession().chain(session -> {
            if (session.currentTransaction() == null) {
                return Uni.createFrom().failure(new IllegalStateException(
                        "journal entries are posted inside the transaction of the movement they record"));
            }
            String id = Ids.newId("jrn");
            return session.createNativeQuery("""
                            insert into journal_entry (id, period, kind, document_id, currency, description, posted_at, posted_by)
                            values (:id, :period, :kind, :document, :currency, :description, :now, :actor)
                            on conflict (kind, document_id) do nothing""")
                    .setParameter("id", id)
                    .setParameter("period", entry.period().toString())
                    .setParameter("kind", entry.kind().name())
                    .setParameter("document", entry.documentId())
                    .setParameter("currency", entry.currency().getCurrencyCode())
                    .setParameter("description", entry.description())
                    .setParameter("now", clock.instant())
                    .setParameter("actor", actor)
                    .executeUpdate()
                    .chain(inserted -> inserted == 1
                            ? insertLines(session, id, entry).replaceWith(new Posted(id, false))
                            : existing(session, entry).map(existingId -> new Posted(existingId, true)));
        });
    }

    private static Uni<Void> insertLines(Mutiny.Session session, String entryId, NewEntry entry) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < entry.postings().size(); i++) {
            Posting p = entry.postings().get(i);
            int lineNo = i + 1;
            BigDecimal amount = p.amount().amount();
            chain = chain.chain(() -> session.createNativeQuery("""
                            insert into journal_line (entry_id, line_no, account, party, debit, credit)
                            values (:entry, :line, :account, :party, :debit, :credit)""")
                    .setParameter("entry", entryId)
                    .setParameter("line", lineNo)
                    .setParameter("account", p.account().code())
                    .setParameter("party", p.party())
                    .setParameter("debit", p.side() == Posting.Side.DEBIT ? amount : null)
                    .setParameter("credit", p.side() == Posting.Side.CREDIT ? amount : null)
                    .executeUpdate()
                    .replaceWithVoid());
        }
        return chain;
    }

    private static Uni<String> existing(Mutiny.Session session, NewEntry entry) {
        return session.createNativeQuery("select id from journal_entry where kind = :kind and document_id = :document", String.class)
                .setParameter("kind", entry.kind().name())
                .setParameter("document", entry.documentId())
                .getSingleResult();
    }

    /** The entries of a period with their lines, in posting order. */
    @WithSession
    public Uni<List<PostedEntry>> entries(BillingPeriod period) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select e.id, e.period, e.kind, e.document_id, e.currency, e.description, e.posted_at, e.posted_by,
                               l.line_no, l.account, l.party, l.debit, l.credit
                        from journal_entry e join journal_line l on l.entry_id = e.id
                        where e.period = :period
                        order by e.seq, l.line_no""", Object[].class)
                .setParameter("period", period.toString())
                .getResultList())
                .map(JournalService::toEntries);
    }

    private static List<PostedEntry> toEntries(List<Object[]> rows) {
        Map<String, PostedEntry> entries = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String id = row[0].toString();
            String currency = row[4].toString().trim();
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            PostedEntry entry = entries.computeIfAbsent(id, key -> new PostedEntry(id, row[1].toString(),
                    EntryKind.valueOf(row[2].toString()), row[3].toString(), currency, row[5].toString(),
                    Rows.instant(row[6]), row[7].toString(), new ArrayList<>()));
            entry.lines().add(new PostedEntry.Line(Rows.integer(row[8]), Account.ofCode(row[9].toString()),
                    row[10] == null ? null : row[10].toString(), atMinorUnit(row[11], digits), atMinorUnit(row[12], digits)));
        }
        return List.copyOf(entries.values());
    }

    /** Stored with four decimals; every amount was posted at the minor unit, so this never rounds. */
    private static BigDecimal atMinorUnit(Object value, int digits) {
        return value == null ? null : Rows.decimal(value).setScale(digits);
    }
}

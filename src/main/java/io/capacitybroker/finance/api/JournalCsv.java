package io.capacitybroker.finance.api;

import io.capacitybroker.finance.journal.PostedEntry;
import io.capacitybroker.platform.csv.CsvTable;
import java.util.List;

/**
 * The journal as CSV (RFC 4180, {@link CsvTable}), one row per line. The columns are documented in
 * docs/billing.md and only ever appended to, so that finance's imports keep working.
 */
public final class JournalCsv {
    static final List<String> COLUMNS = List.of("entry_id", "period", "posted_at", "kind", "document_id", "currency",
            "line_no", "account", "party", "debit", "credit", "description");

    private JournalCsv() {}

    public static String of(List<PostedEntry> entries) {
        CsvTable csv = CsvTable.withColumns(COLUMNS);
        for (PostedEntry e : entries) {
            for (PostedEntry.Line l : e.lines()) {
                csv.row(e.id(), e.period(), e.postedAt(), e.kind().name(), e.documentId(), e.currency(), l.lineNo(),
                        l.account().code(), l.party(), l.debit(), l.credit(), e.description());
            }
        }
        return csv.toString();
    }
}

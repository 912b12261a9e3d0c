package io.capacitybroker.finance.api;

import io.capacitybroker.finance.journal.PostedEntry;
import java.math.BigDecimal;
import java.util.List;

/**
 * The journal as CSV (RFC 4180: comma, double-quote quoting, CRLF), one row per line. The columns
 * are documented in docs/billing.md and only ever appended to, so that finance's imports keep working.
 */
final class JournalCsv {
    static final List<String> COLUMNS = List.of("entry_id", "period", "posted_at", "kind", "document_id", "currency",
            "line_no", "account", "party", "debit", "credit", "description");
    private static final String CRLF = "\r\n";

    private JournalCsv() {}

    static String of(List<PostedEntry> entries) {
        StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append(CRLF);
        for (PostedEntry e : entries) {
            for (PostedEntry.Line l : e.lines()) {
                List<String> fields = List.of(e.id(), e.period(), e.postedAt().toString(), e.kind().name(), e.documentId(),
                        e.currency(), Integer.toString(l.lineNo()), l.account().code(), text(l.party()), amount(l.debit()),
                        amount(l.credit()), e.description());
                out.append(String.join(",", fields.stream().map(JournalCsv::quoted).toList())).append(CRLF);
            }
        }
        return out.toString();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String amount(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    static String quoted(String field) {
        boolean needsQuotes = field.contains(",") || field.contains("\"") || field.contains("\r") || field.contains("\n");
        return needsQuotes ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}

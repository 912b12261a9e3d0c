package io.capacitybroker.finance.journal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A journal entry as stored; amounts at the currency's minor unit, the empty side of a line null. */
@Schema(name = "JournalEntry")
public record PostedEntry(String id, String period, EntryKind kind, String documentId, String currency,
                          String description, Instant postedAt, String postedBy, List<Line> lines) {

    @Schema(name = "JournalLine")
    public record Line(int lineNo, Account account, String party, BigDecimal debit, BigDecimal credit) {}
}

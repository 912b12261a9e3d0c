package io.capacitybroker.billing.invoice;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A credit note: a new document against an invoice, in the month it was issued (its journal period). */
@Schema(name = "CreditNote")
public record CreditNoteView(String id, String invoiceId, String period, String tenantId, String currency,
                             BigDecimal amount, String reason, Instant issuedAt, String issuedBy, List<Line> lines) {

    @Schema(name = "CreditNoteLine")
    public record Line(int lineNo, String invoiceLineId, String partnerId, BigDecimal amount) {}
}

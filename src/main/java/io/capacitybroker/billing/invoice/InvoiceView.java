package io.capacitybroker.billing.invoice;

import io.capacitybroker.billing.rating.LineKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An invoice as the API and the {@code broker.billing} events show it. Amounts are at the
 * currency's minor unit; {@code total} is the exact sum of the lines' amounts, {@code remaining} the
 * total minus the credit notes issued against it.
 */
@Schema(name = "Invoice")
public record InvoiceView(String id, String runId, String period, String tenantId, String currency, BigDecimal total,
                          BigDecimal credited, BigDecimal remaining, InvoiceStatus status, Instant issuedAt,
                          Instant paidAt, BigDecimal amountPaid, StripeState stripe, List<Line> lines,
                          List<CreditNoteView> creditNotes) {

    /** The invoice's copy at Stripe, filled in as Stripe answers; {@code status} in Stripe's words (draft, open, paid). */
    @Schema(name = "InvoiceStripeState")
    public record StripeState(String customerId, String invoiceId, String status, String number, Instant finalizedAt) {}

    /** One rated line (docs/billing.md section 2): the exact amount beside the amount rounded once. */
    @Schema(name = "InvoiceLine")
    public record Line(String id, int lineNo, String reservationId, String allocationId, String partnerId, UUID offerId,
                       LineKind kind, BigDecimal quantity, BigDecimal unitPrice, String currency, BigDecimal exactAmount,
                       BigDecimal amount, BigDecimal credited, String stripeInvoiceItemId) {}
}

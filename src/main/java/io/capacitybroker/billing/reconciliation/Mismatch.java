package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.platform.money.Money;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One difference, with the ids of every document involved (null where a document does not apply)
 * and, where money is compared, what was expected and what was found, in {@code currency}.
 */
@Schema(description = "A reconciliation difference: its kind, the documents involved, the amounts compared")
public record Mismatch(MismatchKind kind, String currency, BigDecimal expected, BigDecimal actual, String tenantId,
                       String partnerId, String reservationId, String allocationId, String usageRecordId, String invoiceId,
                       String invoiceLineId, String statementId, String payoutId, String stripeId, String detail) {

    static Builder of(MismatchKind kind, String detail) {
        return new Builder(kind, detail);
    }

    /** Names the documents one at a time; reconciliation fills in what each kind involves. */
    static final class Builder {
        private final MismatchKind kind;
        private final String detail;
        private String currency;
        private BigDecimal expected;
        private BigDecimal actual;
        private String tenantId;
        private String partnerId;
        private String reservationId;
        private String allocationId;
        private String usageRecordId;
        private String invoiceId;
        private String invoiceLineId;
        private String statementId;
        private String payoutId;
        private String stripeId;

        private Builder(MismatchKind kind, String detail) {
            this.kind = kind;
            this.detail = detail;
        }

        /** The amounts compared; either may be null where the document is missing. */
        Builder amounts(Money expected, Money actual) {
            Money any = expected != null ? expected : actual;
            this.currency = any == null ? null : any.currency().getCurrencyCode();
            this.expected = expected == null ? null : expected.amount();
            this.actual = actual == null ? null : actual.amount();
            return this;
        }

        Builder tenant(String id) { this.tenantId = id; return this; }
        Builder partner(String id) { this.partnerId = id; return this; }
        Builder reservation(String id) { this.reservationId = id; return this; }
        Builder allocation(String id) { this.allocationId = id; return this; }
        Builder usageRecord(String id) { this.usageRecordId = id; return this; }
        Builder invoice(String id) { this.invoiceId = id; return this; }
        Builder invoiceLine(String id) { this.invoiceLineId = id; return this; }
        Builder statement(String id) { this.statementId = id; return this; }
        Builder payout(String id) { this.payoutId = id; return this; }
        Builder stripe(String id) { this.stripeId = id; return this; }

        Mismatch build() {
            return new Mismatch(kind, currency, expected, actual, tenantId, partnerId, reservationId, allocationId,
                    usageRecordId, invoiceId, invoiceLineId, statementId, payoutId, stripeId, detail);
        }
    }
}

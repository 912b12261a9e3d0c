package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.platform.csv.CsvTable;
import java.util.List;

/**
 * The reconciliation as CSV (RFC 4180, {@link CsvTable}): one row per mismatch, so that the export
 * is finance's work list; a clean period is the header alone. The columns are documented in
 * docs/billing.md and only ever appended to.
 */
public final class ReconciliationCsv {
    static final List<String> COLUMNS = List.of("period", "kind", "currency", "expected", "actual", "tenant_id",
            "partner_id", "reservation_id", "allocation_id", "usage_record_id", "invoice_id", "invoice_line_id",
            "statement_id", "payout_id", "stripe_id", "detail");

    private ReconciliationCsv() {}

    public static String of(ReconciliationReport report) {
        CsvTable csv = CsvTable.withColumns(COLUMNS);
        for (Mismatch m : report.mismatches()) {
            csv.row(report.period(), m.kind().name(), m.currency(), m.expected(), m.actual(), m.tenantId(), m.partnerId(),
                    m.reservationId(), m.allocationId(), m.usageRecordId(), m.invoiceId(), m.invoiceLineId(), m.statementId(),
                    m.payoutId(), m.stripeId(), m.detail());
        }
        return csv.toString();
    }
}

package io.capacitybroker.portal.tenant;

import io.capacitybroker.billing.invoice.InvoiceView;
import io.capacitybroker.platform.csv.CsvTable;
import java.util.List;

/**
 * The tenant's downloadable copy of an invoice: one row per line, the invoice's own fields repeated
 * on each row so that every row stands alone in a spreadsheet. Same RFC 4180 writer as finance's
 * exports ({@link CsvTable}); columns documented in docs/portal.md and only ever appended to.
 */
final class InvoiceCsv {
    static final List<String> COLUMNS = List.of("invoice_id", "period", "tenant_id", "currency", "status", "stripe_number",
            "line_no", "reservation_id", "kind", "gpu_hours", "unit_price", "exact_amount", "amount", "credited");

    private InvoiceCsv() {}

    static String of(InvoiceView invoice) {
        CsvTable csv = CsvTable.withColumns(COLUMNS);
        for (InvoiceView.Line line : invoice.lines()) {
            csv.row(invoice.id(), invoice.period(), invoice.tenantId(), invoice.currency(), invoice.status().name(),
                    invoice.stripe() == null ? null : invoice.stripe().number(), line.lineNo(), line.reservationId(),
                    line.kind().name(), line.quantity(), line.unitPrice(), line.exactAmount(), line.amount(), line.credited());
        }
        return csv.toString();
    }
}

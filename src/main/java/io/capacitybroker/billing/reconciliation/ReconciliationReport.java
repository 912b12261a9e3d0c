package io.capacitybroker.billing.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A period's reconciliation: totals and mismatch counts, one row per allocation that was rated or
 * invoiced, one per usage record, and every mismatch. Amounts are at the currency's minor unit.
 */
@Schema(description = "What was delivered, rated, invoiced, paid and paid out in a billing period, and every difference")
public record ReconciliationReport(String period, BillingRunState billingRun, Summary summary,
                                   List<AllocationRow> allocations, List<UsageRow> usage, List<Mismatch> mismatches) {

    @Schema(description = "The period's billing run, or null when the period was never closed")
    public record BillingRunState(String id, String status) {}

    @Schema(description = "Totals per currency and the number of mismatches of every kind; clean when there is none")
    public record Summary(boolean clean, List<CurrencyTotals> totals, Map<MismatchKind, Integer> mismatches) {}

    @Schema(description = "Per currency: rated (what should be invoiced), invoiced (issued invoices), credited (credit notes "
            + "against them), paid (per Stripe), paid out (settled payouts of the period's statements), commission")
    public record CurrencyTotals(String currency, BigDecimal rated, BigDecimal invoiced, BigDecimal credited,
                                 BigDecimal paid, BigDecimal paidOut, BigDecimal commission) {}

    @Schema(description = "One reservation allocation that rating bills or an invoice charges in the period. Delivered "
            + "GPU-hours are the rated usage of the reservation on the allocation's offer (on the first allocation, when "
            + "two share an offer, as rating does)")
    public record AllocationRow(String reservationId, String allocationId, String tenantId, String partnerId, UUID offerId,
                                String currency, BigDecimal reservedGpuHours, BigDecimal deliveredGpuHours,
                                BigDecimal rated, BigDecimal invoiced, BigDecimal credited, String invoiceId,
                                String invoiceStatus, String statementId, String payoutId, String payoutStatus,
                                List<MismatchKind> mismatches) {}

    @Schema(description = "One usage record of the period; unratedReason says why it bills nothing, when it does not")
    public record UsageRow(String partnerId, String recordId, String reservationId, UUID offerId, BigDecimal gpuHours,
                           Instant periodStart, Instant periodEnd, boolean rated, String unratedReason) {}
}

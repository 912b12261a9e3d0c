package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.csv.CsvMediaType;
import io.capacitybroker.platform.error.QueryParams;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finance/reconciliation")
@Tag(name = "Finance")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.FINANCE)
public class ReconciliationResource {
    @Inject Reconciliation reconciliation;

    @GET
    @Produces({MediaType.APPLICATION_JSON, CsvMediaType.TEXT_CSV})
    @Operation(operationId = "getReconciliation", summary = "Reconcile a billing period",
            description = "For every allocation rated or invoiced in the period and every usage record of it: delivered, "
                    + "rated, invoiced, credited, paid (per Stripe) and paid out, with every mismatch by kind and the ids "
                    + "of the documents involved (docs/billing.md, Reconciliation). With `Accept: text/csv`, one row per "
                    + "mismatch with the columns period, kind, currency, expected, actual, tenant_id, partner_id, "
                    + "reservation_id, allocation_id, usage_record_id, invoice_id, invoice_line_id, statement_id, "
                    + "payout_id, stripe_id, detail.")
    @APIResponse(responseCode = "200", description = "The reconciliation of the period", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReconciliationReport.class)),
            @Content(mediaType = CsvMediaType.TEXT_CSV, schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> getReconciliation(
            @QueryParam("period") @Parameter(description = "A UTC calendar month, YYYY-MM", required = true,
                    schema = @Schema(type = SchemaType.STRING, pattern = BillingPeriod.PATTERN, examples = "2030-03"))
            String period,
            @Context HttpHeaders headers) {
        BillingPeriod month = QueryParams.requiredPeriod("period", period);
        return reconciliation.report(month).map(report -> CsvMediaType.jsonOrCsv(headers, report, () -> ReconciliationCsv.of(report)));
    }
}

package io.capacitybroker.finance.api;

import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.TrialBalance;
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

@Path("/api/v1/finance/journal")
@Tag(name = "Finance", description = "Journals, reconciliation and payouts for the finance team")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.FINANCE)
public class JournalResource {
    @Inject JournalService journal;

    @GET
    @Produces({MediaType.APPLICATION_JSON, CsvMediaType.TEXT_CSV})
    @Operation(operationId = "getJournal", summary = "The double-entry journal of a billing period",
            description = "Entries with their lines, and the trial balance per currency and account. With "
                    + "`Accept: text/csv`, one row per line with the columns entry_id, period, posted_at, kind, "
                    + "document_id, currency, line_no, account, party, debit, credit, description (docs/billing.md).")
    @APIResponse(responseCode = "200", description = "The journal of the period", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JournalView.class)),
            @Content(mediaType = CsvMediaType.TEXT_CSV, schema = @Schema(type = SchemaType.STRING))})
    public Uni<Response> getJournal(
            @QueryParam("period") @Parameter(description = "A UTC calendar month, YYYY-MM", required = true,
                    schema = @Schema(type = SchemaType.STRING, pattern = BillingPeriod.PATTERN, examples = "2030-03"))
            String period,
            @Context HttpHeaders headers) {
        BillingPeriod month = QueryParams.requiredPeriod("period", period);
        return journal.entries(month).map(entries -> CsvMediaType.jsonOrCsv(headers,
                new JournalView(month.toString(), entries, TrialBalance.of(entries)), () -> JournalCsv.of(entries)));
    }
}

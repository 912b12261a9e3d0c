package io.capacitybroker.billing.invoice;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.idempotency.IdempotencyKeyHeader;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/invoices")
@Tag(name = "Invoices", description = "Invoices of closed billing periods and their credit notes")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class InvoiceResource {
    @Inject Invoices invoices;
    @Inject CreditNotes creditNotes;
    @Inject Caller caller;

    @Schema(name = "InvoicePage")
    public record InvoicePage(int page, int size, List<InvoiceView> invoices) {}

    @GET
    @RolesAllowed({Roles.TENANT, Roles.FINANCE})
    @Operation(operationId = "listInvoices", summary = "Invoices, newest period first",
            description = "A tenant sees its own invoices only (tenantId is then ignored); finance sees all and may filter "
                    + "by tenant. Optionally one period.")
    public Uni<InvoicePage> listInvoices(
            @QueryParam("period") @Parameter(description = "A UTC calendar month, YYYY-MM",
                    schema = @Schema(type = SchemaType.STRING, pattern = BillingPeriod.PATTERN)) String period,
            @QueryParam("tenantId") @Parameter(description = "Finance only: one tenant's invoices") String tenantId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        String tenant = caller.hasRole(Roles.FINANCE) ? tenantId : caller.tenantId();
        return invoices.list(tenant, period, page, size).map(found -> new InvoicePage(page, size, found));
    }

    @GET
    @Path("/{invoiceId}")
    @RolesAllowed({Roles.TENANT, Roles.FINANCE})
    @Operation(operationId = "getInvoice", summary = "One invoice with its lines and credit notes",
            description = "Another tenant's invoice is 404 for a tenant.")
    public Uni<InvoiceView> getInvoice(@PathParam("invoiceId") String invoiceId) {
        String tenant = caller.hasRole(Roles.FINANCE) ? null : caller.tenantId();
        return invoices.get(invoiceId, tenant);
    }

    @POST
    @Path("/{invoiceId}/credit-notes")
    @RolesAllowed(Roles.FINANCE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createCreditNote", summary = "Credit a tenant against an invoice",
            description = "A new document, never an edit of the invoice: an amount (taken from the lines in line order) or "
                    + "amounts per line, at most what is left of the invoice and of each line (409 credit-exceeds-invoice "
                    + "naming the field otherwise). Posted to the journal as CREDIT_NOTE in the month it is issued; that "
                    + "month's partner statements subtract it. Repeating the request with the same Idempotency-Key returns "
                    + "the first credit note (200); the same key with another invoice or body is 422.")
    @APIResponse(responseCode = "201", description = "Issued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditNoteView.class)))
    @APIResponse(responseCode = "200", description = "A retry of an earlier request: the same credit note",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditNoteView.class)))
    public Uni<Response> createCreditNote(
            @PathParam("invoiceId") String invoiceId,
            @Parameter(description = "Client-chosen key, unique per credit note; 1 to 128 characters", required = true)
            @HeaderParam(IdempotencyKeyHeader.NAME) String idempotencyKey,
            @Valid @NotNull CreditNoteRequest body) {
        return creditNotes.issue(invoiceId, IdempotencyKeyHeader.required(idempotencyKey), body, caller.actor())
                .map(issued -> Response.status(issued.replayed() ? Response.Status.OK : Response.Status.CREATED)
                        .location(URI.create("/api/v1/invoices/" + invoiceId)).entity(issued.note()).build());
    }
}

package io.capacitybroker.finance.api;

import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.AuditRecord;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/finance/audit")
@Tag(name = "Finance")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.FINANCE)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject FinanceAudit audit;

    @Schema(name = "AuditTrail")
    public record AuditTrail(String documentId, List<AuditRecord> records) {}

    @GET
    @Operation(operationId = "getAuditTrail", summary = "Who did what to a financial document, and when",
            description = "The append-only trail of a billing run, invoice, credit note, statement, payout, or partner (its payout "
                    + "account), oldest first; "
                    + "an unknown id has an empty trail.")
    public Uni<AuditTrail> getAuditTrail(
            @QueryParam("documentId") @Parameter(description = "The id of the document", required = true) String documentId) {
        if (documentId == null || documentId.isBlank() || documentId.length() > 128) {
            throw ProblemException.invalid("documentId", "the id of a financial document is required");
        }
        return audit.of(documentId).map(records -> new AuditTrail(documentId, records));
    }
}

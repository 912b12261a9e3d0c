package io.capacitybroker.billing.payout;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/partners/{partnerId}/statements")
@Tag(name = "Partner statements", description = "What partners earned and were paid out, per month")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class StatementResource {
    @Inject Payouts payouts;
    @Inject Caller caller;

    @Schema(name = "StatementList")
    public record StatementList(String partnerId, List<StatementView> statements) {}

    @GET
    @RolesAllowed({Roles.PARTNER, Roles.FINANCE})
    @Operation(operationId = "listPartnerStatements", summary = "A partner's statements with their payouts, newest first",
            description = "A partner sees its own only (another partner id is 404); finance sees any partner's.")
    public Uni<StatementList> listPartnerStatements(
            @PathParam("partnerId") String partnerId,
            @QueryParam("period") @Parameter(description = "A UTC calendar month, YYYY-MM",
                    schema = @Schema(type = SchemaType.STRING, pattern = BillingPeriod.PATTERN)) String period) {
        if (!caller.hasRole(Roles.FINANCE)) caller.requirePartner(partnerId);
        return payouts.statements(partnerId, period).map(statements -> new StatementList(partnerId, statements));
    }
}

package io.capacitybroker.billing.api;

import io.capacitybroker.billing.service.UsageService;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/partners/{partnerId}/usage")
@Tag(name = "Partner usage", description = "Sites report metered usage with their own record ids")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    @Inject UsageService usage;
    @Inject Caller caller;

    /** The body is validated by the service, not here, so that the Kafka path gets exactly the same checks. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reportUsage", summary = "Report usage records",
            description = "The batch is stored whole or not at all: any invalid record is 400, an unknown or foreign "
                    + "reservation or offer 404, a record id stored before with other content 409 "
                    + "usage-record-conflict, each naming `records[i].field`. A record id stored before with the same "
                    + "content is answered DUPLICATE and changes nothing. See docs/billing.md.")
    public Uni<UsageReceipt> reportUsage(@PathParam("partnerId") String partnerId, UsageBatch body) {
        String partner = caller.requirePartner(partnerId);
        if (body == null) throw ProblemException.invalid("records", "a body with 1 to " + UsageBatch.MAX_RECORDS + " records is required");
        return usage.record(partner, body.records());
    }
}

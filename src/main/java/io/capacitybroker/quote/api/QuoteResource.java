package io.capacitybroker.quote.api;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.quote.service.QuoteService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/quotes")
@Tag(name = "Quotes", description = "Capacity requests in, ranked options out")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {
    @Inject QuoteService quotes;
    @Inject Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createQuote", summary = "Request capacity and get ranked options",
            description = "Options that break a hard constraint never appear. Ranking: cheapest total, then earliest "
                    + "start, then GPU model preference, then site reliability (docs/matching.md). Each option carries "
                    + "its bookingToken; the broker keeps nothing of the quote, so this answer is the only copy "
                    + "(docs/adr/0016-signed-booking-tokens.md).")
    public Uni<QuoteView> createQuote(@Valid @NotNull QuoteRequest body) {
        return quotes.quote(caller.tenantId(), body);
    }
}

package io.capacitybroker.identity.api;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What a client can ask before anything else: which user, roles and organisation its token stands
 * for, as every other endpoint will read them. Touches no database, so it is also the load
 * benchmark's authenticated trivial endpoint (docs/performance.md).
 */
@Path("/api/v1/me")
@Tag(name = "Identity", description = "Who the broker takes the caller to be")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.TENANT, Roles.PARTNER, Roles.FINANCE, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {
    @Inject Caller caller;

    @GET
    @NonBlocking
    @Operation(operationId = "getCaller", summary = "Who am I",
            description = "The user, the broker's roles and the organisation ids of the bearer token.")
    public CallerView me() {
        return new CallerView(caller.user(), caller.roles(), caller.claim(Caller.TENANT_CLAIM).orElse(null),
                caller.claim(Caller.PARTNER_CLAIM).orElse(null));
    }
}

package io.capacitybroker.identity.api;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.identity.onboarding.OnboardingService;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/admin")
@Tag(name = "Administration", description = "Operators onboard partners and tenants")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Inject OnboardingService onboarding;
    @Inject Caller caller;

    @POST
    @Path("/partners")
    @Operation(operationId = "onboardPartner", summary = "Onboard a partner",
            description = "Creates the partner's machine client in Keycloak (partner role, partner_id claim) and the "
                    + "broker's record. Returns the client secret exactly once. 409 if the partner exists.")
    @APIResponse(responseCode = "201", description = "Onboarded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerCredentials.class)))
    public Uni<Response> onboardPartner(@Valid @NotNull PartnerOnboarding body) {
        return onboarding.onboardPartner(body, caller.actor())
                .map(credentials -> Response.status(Response.Status.CREATED).entity(credentials).build());
    }

    @POST
    @Path("/tenants")
    @Operation(operationId = "onboardTenant", summary = "Onboard a tenant organisation",
            description = "Creates the tenant's organisation in Keycloak (a group carrying tenant_id), optionally its "
                    + "first user with a one-time password, and the broker's record. 409 if the tenant exists.")
    @APIResponse(responseCode = "201", description = "Onboarded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantOnboarded.class)))
    public Uni<Response> onboardTenant(@Valid @NotNull TenantOnboarding body) {
        return onboarding.onboardTenant(body, caller.actor())
                .map(onboarded -> Response.status(Response.Status.CREATED).entity(onboarded).build());
    }
}

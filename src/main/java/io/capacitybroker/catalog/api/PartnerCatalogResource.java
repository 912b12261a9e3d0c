package io.capacitybroker.catalog.api;

import io.capacitybroker.catalog.service.CatalogService;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/partners/{partnerId}/sites/{siteId}")
@Tag(name = "Partner inventory", description = "Partners register sites and publish offers")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.APPLICATION_JSON)
public class PartnerCatalogResource {
    @Inject CatalogService catalog;
    @Inject Caller caller;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerSite", summary = "Register or update a site",
            description = "Creates the site on first use; later calls replace its attributes.")
    public Uni<SiteView> registerSite(@PathParam("partnerId") String partnerId, @PathParam("siteId") String siteId,
                                      @Valid @NotNull SiteRequest body) {
        return catalog.registerSite(caller.requirePartner(partnerId), siteId, body, caller.actor());
    }

    @POST
    @Path("/heartbeat")
    @Operation(operationId = "siteHeartbeat", summary = "Report that the site is alive",
            description = "Offers of a site whose last heartbeat is older than the staleness window are not sold.")
    public Uni<SiteView> heartbeat(@PathParam("partnerId") String partnerId, @PathParam("siteId") String siteId) {
        return catalog.heartbeat(caller.requirePartner(partnerId), siteId);
    }

    @PUT
    @Path("/offers/{offerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "publishOffer", summary = "Publish or replace an offer",
            description = "Applied only when `sequence` is higher than the stored one; otherwise ignored and reported "
                    + "as IGNORED_STALE_SEQUENCE. Reducing capacity below held or booked GPUs is refused with 409.")
    public Uni<PublishResult> publishOffer(@PathParam("partnerId") String partnerId, @PathParam("siteId") String siteId,
                                           @PathParam("offerId") String offerId, @Valid @NotNull OfferRequest body) {
        return catalog.publishOffer(caller.requirePartner(partnerId), siteId, offerId, body, caller.actor());
    }

    @DELETE
    @Path("/offers/{offerId}")
    @Operation(operationId = "withdrawOffer", summary = "Withdraw an offer",
            description = "Stops selling the offer; existing reservations stand. With `sequence`, applied only when newer.")
    public Uni<PublishResult> withdrawOffer(@PathParam("partnerId") String partnerId, @PathParam("siteId") String siteId,
                                            @PathParam("offerId") String offerId,
                                            @QueryParam("sequence") @Min(1) Long sequence) {
        return catalog.withdrawOffer(caller.requirePartner(partnerId), siteId, offerId, sequence, caller.actor());
    }
}

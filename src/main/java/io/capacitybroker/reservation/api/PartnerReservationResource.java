package io.capacitybroker.reservation.api;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.QueryParams;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.service.ReservationService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/partners/{partnerId}/reservations")
@Tag(name = "Partner reservations", description = "Partners see bookings at their sites and decide pending ones")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.APPLICATION_JSON)
public class PartnerReservationResource {
    @Inject ReservationService reservations;
    @Inject Caller caller;

    @GET
    @Operation(operationId = "listPartnerReservations", summary = "Reservations at my sites, newest first",
            description = "Each shows only this partner's allocations.")
    public Uni<ReservationPage> listPartnerReservations(@PathParam("partnerId") String partnerId,
                                                        @QueryParam("status") @Parameter(schema = @Schema(implementation = ReservationStatus.class)) String status,
                                                        @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                                        @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return reservations.partnerReservations(caller.requirePartner(partnerId),
                QueryParams.enumValue("status", status, ReservationStatus.class), page, size);
    }

    @POST
    @Path("/{reservationId}/accept")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "acceptReservation", summary = "Accept a pending reservation at my sites",
            description = "Once every site that must confirm has accepted, the reservation is CONFIRMED.")
    public Uni<ReservationView> acceptReservation(@PathParam("partnerId") String partnerId,
                                                  @PathParam("reservationId") String reservationId,
                                                  @Valid DecisionRequest body) {
        return reservations.decide(caller.requirePartner(partnerId), reservationId, true, caller.actor(), reason(body));
    }

    @POST
    @Path("/{reservationId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "rejectReservation", summary = "Reject a pending reservation at my sites",
            description = "The reservation becomes REJECTED and its held capacity is released.")
    public Uni<ReservationView> rejectReservation(@PathParam("partnerId") String partnerId,
                                                  @PathParam("reservationId") String reservationId,
                                                  @Valid DecisionRequest body) {
        return reservations.decide(caller.requirePartner(partnerId), reservationId, false, caller.actor(), reason(body));
    }

    private static String reason(DecisionRequest body) {
        return body == null ? null : body.reason();
    }
}

package io.capacitybroker.reservation.api;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.Problem;
import io.capacitybroker.platform.error.QueryParams;
import io.capacitybroker.platform.idempotency.IdempotencyKeyHeader;
import io.capacitybroker.reservation.domain.ReservationStatus;
import io.capacitybroker.reservation.service.BookingService;
import io.capacitybroker.reservation.service.ReservationService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/reservations")
@Tag(name = "Reservations", description = "Tenants book quote options and manage their reservations")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {
    @Inject BookingService booking;
    @Inject ReservationService reservations;
    @Inject Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createReservation", summary = "Book one option of a live quote",
            description = "The option is named by its bookingToken from POST /api/v1/quotes: a token that is altered, "
                    + "made up or another tenant's is 400, and one past its quote's expiresAt is 410. All GPUs of the "
                    + "option are reserved, or none (409 with the fresh availability). Repeating the request with the "
                    + "same Idempotency-Key returns the first reservation (200), even after the quote expired; the same "
                    + "key with another body is 422.")
    @APIResponse(responseCode = "201", description = "Booked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "200", description = "A retry of an earlier booking: the same reservation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "410", description = "The option's quote has expired (quote-expired): ask for a new quote",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used with another body (idempotency-key-reused)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Uni<Response> createReservation(
            @Parameter(description = "Client-chosen key, unique per booking; 1 to 128 characters", required = true)
            @HeaderParam(IdempotencyKeyHeader.NAME) String idempotencyKey,
            @Valid @NotNull BookingRequest body) {
        return booking.book(caller.tenantId(), IdempotencyKeyHeader.required(idempotencyKey), body, caller.actor()).map(booked -> Response
                .status(booked.replayed() ? Response.Status.OK : Response.Status.CREATED)
                .location(URI.create("/api/v1/reservations/" + booked.reservation().id()))
                .entity(booked.reservation())
                .build());
    }

    @GET
    @Operation(operationId = "listReservations", summary = "My reservations, newest first",
            description = "Paged; optionally only those in one status.")
    public Uni<ReservationPage> listReservations(@QueryParam("status") @Parameter(schema = @Schema(implementation = ReservationStatus.class)) String status,
                                                 @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                                 @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return reservations.tenantReservations(caller.tenantId(), QueryParams.enumValue("status", status, ReservationStatus.class), page, size);
    }

    @GET
    @Path("/{reservationId}")
    @Operation(operationId = "getReservation", summary = "One of my reservations, with its history",
            description = "Another tenant's reservation is 404.")
    public Uni<ReservationView> getReservation(@PathParam("reservationId") String reservationId) {
        return reservations.tenantReservation(caller.tenantId(), reservationId);
    }

    @POST
    @Path("/{reservationId}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelReservation", summary = "Cancel a reservation",
            description = "Slots that have not begun go back on sale; the fee rule is in docs/reservations.md.")
    public Uni<ReservationView> cancelReservation(@PathParam("reservationId") String reservationId,
                                                  @Valid CancelRequest body) {
        return reservations.cancel(caller.tenantId(), reservationId, caller.actor(), body == null ? null : body.reason());
    }
}

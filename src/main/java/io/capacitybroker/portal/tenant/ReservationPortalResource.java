package io.capacitybroker.portal.tenant;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.portal.web.Pages;
import io.capacitybroker.reservation.api.BookingRequest;
import io.capacitybroker.reservation.api.ReservationPage;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.service.BookingService;
import io.capacitybroker.reservation.service.ReservationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Booking a quote option, the tenant's reservations with their history, and cancelling. */
@Path("/portal/tenant/reservations")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.TEXT_HTML)
public class ReservationPortalResource {
    static final int PAGE_SIZE = 25;

    @CheckedTemplate(basePath = "tenant")
    static class Templates {
        static native TemplateInstance reservations(ReservationPage page, boolean hasOlder);

        static native TemplateInstance reservation(ReservationView reservation, boolean cancellable);
    }

    @Inject BookingService booking;
    @Inject ReservationService reservations;
    @Inject QuotePages quotePages;
    @Inject Caller caller;

    /** Books through the same service and Idempotency-Key rule as POST /api/v1/reservations. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> book(MultivaluedMap<String, String> body) {
        FormValues form = new FormValues(body);
        String tenant = caller.tenantId();
        return Uni.createFrom().item(() -> bookingRequest(form))
                .chain(request -> booking.book(tenant, form.text("idempotencyKey"), request, caller.actor()))
                .map(booked -> Pages.seeOther("/portal/tenant/reservations/" + booked.reservation().id()))
                // Refused (someone was faster, the quote expired): the same request again, fresh options under the reason.
                .onFailure(ProblemException.class).recoverWithUni(e -> quotePages.options(tenant, form.text("request"), e.getMessage()));
    }

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("page") @DefaultValue("0") int page) {
        return reservations.tenantReservations(caller.tenantId(), null, Math.max(0, page), PAGE_SIZE)
                .map(found -> Templates.reservations(found, (long) (found.page() + 1) * found.size() < found.total()));
    }

    @GET
    @Path("/{reservationId}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> show(@PathParam("reservationId") String reservationId) {
        return reservations.tenantReservation(caller.tenantId(), reservationId)
                .map(r -> Templates.reservation(r, ReservationService.isCancellable(r.status())));
    }

    @POST
    @Path("/{reservationId}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> cancel(@PathParam("reservationId") String reservationId, MultivaluedMap<String, String> body) {
        String reason = new FormValues(body).text("reason");
        return reservations.cancel(caller.tenantId(), reservationId, caller.actor(), reason.isEmpty() ? null : reason)
                .map(r -> Pages.seeOther("/portal/tenant/reservations/" + r.id()));
    }

    private static BookingRequest bookingRequest(FormValues form) {
        Violations violations = new Violations();
        violations.check(!form.text("bookingToken").isEmpty(), "bookingToken", "the form carries no booking token: reload the options");
        violations.check(!form.text("idempotencyKey").isEmpty(), "Idempotency-Key", "the form carries no booking key: reload the options");
        violations.throwIfAny();
        return new BookingRequest(form.text("bookingToken"));
    }
}

package io.capacitybroker.portal.partner;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.portal.web.Pages;
import io.capacitybroker.reservation.api.ReservationView;
import io.capacitybroker.reservation.service.ReservationService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Reservations at the partner's sites: those waiting for its decision first, with accept and reject. */
@Path("/portal/partner/reservations")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.TEXT_HTML)
public class DecisionPortalResource {
    static final String PENDING = "PENDING_PARTNER";
    static final int SHOWN = 100;

    @CheckedTemplate(basePath = "partner")
    static class Templates {
        static native TemplateInstance decisions(List<ReservationView> pending, List<ReservationView> others);
    }

    @Inject ReservationService reservations;
    @Inject Caller caller;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list() {
        return reservations.partnerReservations(caller.partnerId(), null, 0, SHOWN).map(page -> Templates.decisions(
                page.items().stream().filter(r -> PENDING.equals(r.status())).toList(),
                page.items().stream().filter(r -> !PENDING.equals(r.status())).toList()));
    }

    @POST
    @Path("/{reservationId}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> accept(@PathParam("reservationId") String reservationId, MultivaluedMap<String, String> body) {
        return decide(reservationId, true, body);
    }

    @POST
    @Path("/{reservationId}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> reject(@PathParam("reservationId") String reservationId, MultivaluedMap<String, String> body) {
        return decide(reservationId, false, body);
    }

    /** The same service call as POST /api/v1/partners/{p}/reservations/{id}/accept|reject. */
    private Uni<Response> decide(String reservationId, boolean accept, MultivaluedMap<String, String> body) {
        String reason = new FormValues(body).text("reason");
        return reservations.decide(caller.partnerId(), reservationId, accept, caller.actor(), reason.isEmpty() ? null : reason)
                .map(r -> Pages.seeOther("/portal/partner/reservations"));
    }
}

package io.capacitybroker.portal.tenant;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The capacity request form and its ranked options, each with a booking form. */
@Path("/portal/tenant/quotes")
@RolesAllowed(Roles.TENANT)
@Produces(MediaType.TEXT_HTML)
public class QuotePortalResource {
    @Inject QuotePages pages;
    @Inject Caller caller;
    @Inject Clock clock;

    /** The form, filled in from the query when there is one ("change the request"), else with defaults. */
    @GET
    @Operation(hidden = true)
    public TemplateInstance form(@Context UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        FormValues form = query == null || query.isEmpty() ? QuoteForm.defaults(clock.instant()) : FormValues.ofQuery(query);
        return pages.form(form, FormErrors.none());
    }

    @GET
    @Path("/options")
    @Operation(hidden = true)
    public Uni<Response> options(@Context UriInfo uri) {
        return pages.options(caller.tenantId(), uri.getRequestUri().getRawQuery(), "");
    }
}

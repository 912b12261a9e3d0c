package io.capacitybroker.portal.staff;

import io.capacitybroker.identity.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The homes of the broker's own staff. Finance's pages (billing runs, invoices, payouts,
 * reconciliation) come with billing; until then the home says where things stand.
 */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class StaffHomeResource {
    @CheckedTemplate(basePath = "staff")
    static class Templates {
        static native TemplateInstance finance();

        static native TemplateInstance admin();
    }

    @GET
    @Path("/finance")
    @RolesAllowed(Roles.FINANCE)
    @Operation(hidden = true)
    public TemplateInstance finance() {
        return Templates.finance();
    }

    @GET
    @Path("/admin")
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public TemplateInstance admin() {
        return Templates.admin();
    }
}

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

/** The administrator's home; finance's pages are in {@code portal.finance}. */
@Path("/portal")
@Produces(MediaType.TEXT_HTML)
public class StaffHomeResource {
    @CheckedTemplate(basePath = "staff")
    static class Templates {
        static native TemplateInstance admin();
    }

    @GET
    @Path("/admin")
    @RolesAllowed(Roles.ADMIN)
    @Operation(hidden = true)
    public TemplateInstance admin() {
        return Templates.admin();
    }
}

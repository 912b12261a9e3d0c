package io.capacitybroker.portal;

import io.capacitybroker.portal.web.Pages;
import io.capacitybroker.portal.web.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The portal's front door: after Keycloak's login (authorization code flow with PKCE, OIDC tenant
 * {@code portal}) each user goes to the home of their role: tenant, partner, finance or admin.
 */
@Path("/portal")
@Authenticated
public class PortalHomeResource {
    @CheckedTemplate(basePath = "portal")
    static class Templates {
        static native TemplateInstance noRole();
    }

    @Inject Viewer viewer;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response home() {
        if (viewer.role().isEmpty()) return Response.status(Response.Status.FORBIDDEN).entity(Templates.noRole()).build();
        return Pages.seeOther(viewer.home());
    }
}

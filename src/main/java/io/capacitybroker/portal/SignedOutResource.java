package io.capacitybroker.portal;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where Keycloak sends the browser after logout; outside the protected portal paths. */
@Path("/signed-out")
public class SignedOutResource {
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String signedOut() {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
                <body><main><h1>Signed out</h1><p><a href="/portal">Sign in again</a></p></main></body></html>
                """;
    }
}

package io.capacitybroker.portal;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The portal's front door: after Keycloak's login (authorization code flow with PKCE, OIDC tenant
 * {@code portal}) it says who is signed in, for which organisation, and offers the logout. The
 * pages for tenants, partners and finance come with the portal itself (issue 5).
 */
@Path("/portal")
@Authenticated
public class PortalHomeResource {
    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    JsonWebToken accessToken;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public String home() {
        String user = escape(Optional.ofNullable(idToken.<String>getClaim("preferred_username")).orElse(idToken.getName()));
        String organisation = claim("tenant_id").map(t -> "tenant " + t)
                .or(() -> claim("partner_id").map(p -> "partner " + p)).orElse("no organisation");
        Set<String> roles = new TreeSet<>(accessToken.getGroups());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Capacity Broker</title></head>
                <body><main>
                <h1>Capacity Broker</h1>
                <p id="signed-in">Signed in as <strong>%s</strong> (%s; roles: %s)</p>
                <p><a id="logout" href="/portal/logout">Sign out</a></p>
                </main></body></html>
                """.formatted(user, escape(organisation), escape(String.join(", ", roles)));
    }

    private Optional<String> claim(String name) {
        Object value = idToken.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", ""));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

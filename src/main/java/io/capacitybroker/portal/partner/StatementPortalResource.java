package io.capacitybroker.portal.partner;

import io.capacitybroker.billing.payout.Payouts;
import io.capacitybroker.billing.payout.StatementView;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The partner's statements (gross, commission, net) with their payouts: the read of GET /api/v1/partners/{p}/statements. */
@Path("/portal/partner/statements")
@RolesAllowed(Roles.PARTNER)
@Produces(MediaType.TEXT_HTML)
public class StatementPortalResource {
    @CheckedTemplate(basePath = "partner")
    static class Templates {
        static native TemplateInstance statements(List<StatementView> statements);
    }

    @Inject Payouts payouts;
    @Inject Caller caller;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> list() {
        return payouts.statements(caller.partnerId(), null).map(Templates::statements);
    }
}

package io.capacitybroker.billing.run;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/billing-runs")
@Tag(name = "Billing runs", description = "Finance closes a month: invoices, statements, Stripe, payouts")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.FINANCE)
@Produces(MediaType.APPLICATION_JSON)
public class BillingRunResource {
    @Inject BillingRunService service;
    @Inject Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createBillingRun", summary = "Close a billing period, or resume its run",
            description = "Rates the month's reservations and usage into one invoice per tenant and currency and one "
                    + "statement per partner and currency, posts the journal, puts the invoices at Stripe (customer, "
                    + "items, finalize) and pays the partners' net through Stripe Connect; answers when the run has "
                    + "COMPLETED or stopped as FAILED (lastError says why; post again to resume where it stopped). One "
                    + "run per period: a completed run is answered as it is and nothing new happens; while another "
                    + "writer works on the period, 409 billing-run-in-progress with its runId. The month must have ended.")
    public Uni<BillingRunView> createBillingRun(@Valid @NotNull BillingRunRequest body) {
        BillingPeriod period = BillingPeriod.parse(body.period())
                .orElseThrow(() -> ProblemException.invalid("period", "a UTC calendar month written YYYY-MM is required"));
        return service.run(period, caller.actor());
    }

    @GET
    @Path("/{runId}")
    @Operation(operationId = "getBillingRun", summary = "A billing run's status and progress per step")
    public Uni<BillingRunView> getBillingRun(@PathParam("runId") String runId) {
        return service.view(runId);
    }
}

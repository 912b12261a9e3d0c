package io.capacitybroker.portal.finance;

import io.capacitybroker.billing.run.BillingRunService;
import io.capacitybroker.billing.run.BillingRunView;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.QueryParams;
import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.capacitybroker.portal.web.Pages;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Finance's home: close a period (the same {@link BillingRunService} as POST /api/v1/billing-runs),
 * follow the run's progress while it works, and the latest runs.
 */
@Path("/portal/finance")
@RolesAllowed(Roles.FINANCE)
@Produces(MediaType.TEXT_HTML)
public class BillingRunPortalResource {
    static final int RUNS_SHOWN = 24;

    @CheckedTemplate(basePath = "finance")
    static class Templates {
        static native TemplateInstance home(FormValues form, FormErrors errors, List<BillingRunView> runs);

        static native TemplateInstance run(String period, BillingRunView run);

        static native TemplateInstance runProgress(String period, BillingRunView run);
    }

    @Inject BillingRunService runs;
    @Inject BillingRunStarter starter;
    @Inject Caller caller;
    @Inject Clock clock;

    @GET
    @Operation(hidden = true)
    public Uni<TemplateInstance> home() {
        // The month usually closed next is the one that ended last.
        String lastMonth = BillingPeriod.containing(clock.instant()).month().minusMonths(1).toString();
        return page(FormValues.of(Map.of("period", lastMonth)), FormErrors.none());
    }

    /** Starts the run and shows its progress; a period that cannot be closed comes back beside the field (422). */
    @POST
    @Path("/billing-runs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> close(MultivaluedMap<String, String> body) {
        FormValues form = new FormValues(body);
        return Uni.createFrom().item(() -> QueryParams.requiredPeriod("period", form.text("period")))
                .chain(period -> starter.start(period, caller.actor())
                        .map(started -> Pages.seeOther("/portal/finance/billing-runs/" + period)))
                .onFailure(ProblemException.class).recoverWithUni(refused -> page(form, FormErrors.of((ProblemException) refused))
                        .map(Pages::refused));
    }

    @GET
    @Path("/billing-runs/{period}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> run(@PathParam("period") String period) {
        return ofPeriod(period).map(run -> Templates.run(period, run.orElse(null)));
    }

    /** The progress box alone, which the run page polls (htmx) until the run has stopped. */
    @GET
    @Path("/billing-runs/{period}/progress")
    @Operation(hidden = true)
    public Uni<TemplateInstance> progress(@PathParam("period") String period) {
        return ofPeriod(period).map(run -> Templates.runProgress(period, run.orElse(null)));
    }

    private Uni<Optional<BillingRunView>> ofPeriod(String period) {
        BillingPeriod month = BillingPeriod.parse(period).orElseThrow(() -> ProblemException.notFound("billing period " + period));
        return runs.ofPeriod(month);
    }

    private Uni<TemplateInstance> page(FormValues form, FormErrors errors) {
        return runs.recent(RUNS_SHOWN).map(recent -> Templates.home(form, errors, recent));
    }
}

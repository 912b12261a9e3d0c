package io.capacitybroker.portal.finance;

import io.capacitybroker.billing.reconciliation.Mismatch;
import io.capacitybroker.billing.reconciliation.MismatchKind;
import io.capacitybroker.billing.reconciliation.Reconciliation;
import io.capacitybroker.billing.reconciliation.ReconciliationCsv;
import io.capacitybroker.billing.reconciliation.ReconciliationReport;
import io.capacitybroker.billing.reconciliation.ReconciliationReport.AllocationRow;
import io.capacitybroker.finance.api.JournalCsv;
import io.capacitybroker.finance.journal.JournalService;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A period's reconciliation for finance, with the mismatches highlighted and filterable by kind,
 * and the CSV downloads of the reconciliation and the journal. The same service and the same CSV
 * writers as GET /api/v1/finance/reconciliation and /api/v1/finance/journal with Accept: text/csv,
 * behind the portal's session instead of a bearer token.
 */
@Path("/portal/finance")
@RolesAllowed(Roles.FINANCE)
public class ReconciliationPortalResource {
    private static final List<MismatchKind> ALL_KINDS = List.of(MismatchKind.values());

    @CheckedTemplate(basePath = "finance")
    static class Templates {
        static native TemplateInstance reconciliation(FormValues form, FormErrors errors, ReconciliationReport report,
                                                      MismatchKind kind, List<Mismatch> mismatches,
                                                      List<AllocationRow> allocations, List<KindCount> kinds,
                                                      List<MismatchKind> allKinds);
    }

    /** A kind with mismatches in the period: a filter link with its count. */
    public record KindCount(MismatchKind kind, int count) {}

    @Inject Reconciliation reconciliation;
    @Inject JournalService journal;
    @Inject Clock clock;

    @GET
    @Path("/reconciliation")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<TemplateInstance> reconciliation(@Context UriInfo uri) {
        Map<String, List<String>> values = new HashMap<>(uri.getQueryParameters());
        // The month that ended last is what finance reconciles most often.
        values.putIfAbsent("period", List.of(BillingPeriod.containing(clock.instant()).month().minusMonths(1).toString()));
        FormValues form = new FormValues(values);
        return Uni.createFrom().deferred(() -> {
                    BillingPeriod period = QueryParams.requiredPeriod("period", form.text("period"));
                    MismatchKind kind = QueryParams.enumValue("kind", form.text("kind").isEmpty() ? null : form.text("kind"),
                            MismatchKind.class);
                    return reconciliation.report(period).map(report -> page(form, report, kind));
                })
                .onFailure(ProblemException.class).recoverWithItem(refused -> Templates.reconciliation(form,
                        FormErrors.of((ProblemException) refused), null, null, List.of(), List.of(), List.of(), ALL_KINDS));
    }

    @GET
    @Path("/reconciliation/csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Uni<Response> reconciliationCsv(@QueryParam("period") String period) {
        BillingPeriod month = QueryParams.requiredPeriod("period", period);
        return reconciliation.report(month)
                .map(report -> Pages.csvDownload("reconciliation-" + month + ".csv", ReconciliationCsv.of(report)));
    }

    @GET
    @Path("/journal/csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Uni<Response> journalCsv(@QueryParam("period") String period) {
        BillingPeriod month = QueryParams.requiredPeriod("period", period);
        return journal.entries(month).map(entries -> Pages.csvDownload("journal-" + month + ".csv", JournalCsv.of(entries)));
    }

    private static TemplateInstance page(FormValues form, ReconciliationReport report, MismatchKind kind) {
        List<Mismatch> mismatches = report.mismatches().stream().filter(m -> kind == null || m.kind() == kind).toList();
        List<AllocationRow> allocations = report.allocations().stream()
                .filter(a -> kind == null || a.mismatches().contains(kind)).toList();
        List<KindCount> kinds = report.summary().mismatches().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> new KindCount(e.getKey(), e.getValue())).sorted(Comparator.comparing(KindCount::kind)).toList();
        return Templates.reconciliation(form, FormErrors.none(), report, kind, mismatches, allocations, kinds, ALL_KINDS);
    }
}

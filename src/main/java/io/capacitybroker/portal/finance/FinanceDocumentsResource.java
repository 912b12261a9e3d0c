package io.capacitybroker.portal.finance;

import io.capacitybroker.billing.invoice.InvoiceView;
import io.capacitybroker.billing.invoice.Invoices;
import io.capacitybroker.billing.payout.PayoutView;
import io.capacitybroker.billing.payout.Payouts;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.portal.web.FormErrors;
import io.capacitybroker.portal.web.FormValues;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Finance's view of the documents: invoices with what Stripe's webhooks said about their payment,
 * one invoice, and the payouts to partners. The same reads as GET /api/v1/invoices and
 * /api/v1/finance/payouts ({@link Invoices}, {@link Payouts}); a bad filter comes back beside its field.
 */
@Path("/portal/finance")
@RolesAllowed(Roles.FINANCE)
@Produces(MediaType.TEXT_HTML)
public class FinanceDocumentsResource {
    static final int SHOWN = 100;

    @CheckedTemplate(basePath = "finance")
    static class Templates {
        static native TemplateInstance invoices(FormValues form, FormErrors errors, List<InvoiceView> invoices);

        static native TemplateInstance invoice(InvoiceView invoice);

        static native TemplateInstance payouts(FormValues form, FormErrors errors, List<PayoutView> payouts);
    }

    @Inject Invoices invoices;
    @Inject Payouts payouts;

    @GET
    @Path("/invoices")
    @Operation(hidden = true)
    public Uni<TemplateInstance> invoices(@Context UriInfo uri) {
        FormValues form = new FormValues(uri.getQueryParameters());
        return Uni.createFrom().deferred(() -> invoices.list(blankIsAll(form.text("tenantId")), blankIsAll(form.text("period")), 0, SHOWN))
                .map(found -> Templates.invoices(form, FormErrors.none(), found))
                .onFailure(ProblemException.class)
                .recoverWithItem(refused -> Templates.invoices(form, FormErrors.of((ProblemException) refused), List.of()));
    }

    @GET
    @Path("/invoices/{invoiceId}")
    @Operation(hidden = true)
    public Uni<TemplateInstance> invoice(@PathParam("invoiceId") String invoiceId) {
        return invoices.get(invoiceId, null).map(Templates::invoice);
    }

    @GET
    @Path("/payouts")
    @Operation(hidden = true)
    public Uni<TemplateInstance> payouts(@Context UriInfo uri) {
        FormValues form = new FormValues(uri.getQueryParameters());
        return Uni.createFrom().deferred(() -> payouts.list(blankIsAll(form.text("period")), blankIsAll(form.text("partnerId")), 0, SHOWN))
                .map(found -> Templates.payouts(form, FormErrors.none(), found))
                .onFailure(ProblemException.class)
                .recoverWithItem(refused -> Templates.payouts(form, FormErrors.of((ProblemException) refused), List.of()));
    }

    /** An empty filter field means "all", as an absent query parameter does in the API. */
    private static String blankIsAll(String value) {
        return value.isEmpty() ? null : value;
    }
}

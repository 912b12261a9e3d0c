package io.capacitybroker.portal.tenant;

import io.capacitybroker.billing.invoice.InvoiceView;
import io.capacitybroker.billing.invoice.Invoices;
import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.portal.web.Pages;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The tenant's invoices, one invoice with its lines and credit notes, and its copy as a CSV file:
 * the same reads as GET /api/v1/invoices and /api/v1/invoices/{id} ({@link Invoices}), scoped to the
 * signed-in tenant.
 */
@Path("/portal/tenant/invoices")
@RolesAllowed(Roles.TENANT)
public class InvoicePortalResource {
    static final int PAGE_SIZE = 24;

    @CheckedTemplate(basePath = "tenant")
    static class Templates {
        static native TemplateInstance invoices(List<InvoiceView> invoices, int page, boolean hasOlder);

        static native TemplateInstance invoice(InvoiceView invoice);
    }

    @Inject Invoices invoices;
    @Inject Caller caller;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<TemplateInstance> list(@QueryParam("page") @DefaultValue("0") int page) {
        int shown = Math.max(0, page);
        // A full page may have older ones behind it; an empty older page says so and links back.
        return invoices.list(caller.tenantId(), null, shown, PAGE_SIZE)
                .map(found -> Templates.invoices(found, shown, found.size() == PAGE_SIZE));
    }

    @GET
    @Path("/{invoiceId}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<TemplateInstance> show(@PathParam("invoiceId") String invoiceId) {
        return invoices.get(invoiceId, caller.tenantId()).map(Templates::invoice);
    }

    /** The downloadable copy: {@code <invoice id>.csv}, one row per line. */
    @GET
    @Path("/{invoiceId}/csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Uni<Response> download(@PathParam("invoiceId") String invoiceId) {
        return invoices.get(invoiceId, caller.tenantId())
                .map(invoice -> Pages.csvDownload(invoice.id() + ".csv", InvoiceCsv.of(invoice)));
    }
}

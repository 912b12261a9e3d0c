package io.capacitybroker.billing.invoice;

import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;

/**
 * Reading invoices, for the API and the portal alike: who may see which invoice, and how a period
 * filter is checked, are decided here once.
 */
@ApplicationScoped
public class Invoices {
    @Inject InvoiceStore store;

    /**
     * Invoices newest period first; {@code tenantId} null lists every tenant's (finance), and
     * {@code period} (YYYY-MM) filters when given, else 400 naming the field {@code period}.
     */
    public Uni<List<InvoiceView>> list(String tenantId, String period, int page, int size) {
        String month = Objects.toString(QueryParams.period("period", period), null);
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.list(s, tenantId, month, page, size)));
    }

    /** One invoice with its lines and credit notes; another tenant's invoice is 404 for a tenant ({@code tenantId} given). */
    public Uni<InvoiceView> get(String invoiceId, String tenantId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.view(s, invoiceId))).map(found -> found
                .filter(invoice -> tenantId == null || invoice.tenantId().equals(tenantId))
                .orElseThrow(() -> ProblemException.notFound("invoice " + invoiceId)));
    }
}

package io.capacitybroker.billing.reconciliation;

import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A period's reconciliation, for the API and the portal alike: the books as stored, reconciled by {@link Reconciler}. */
@ApplicationScoped
public class Reconciliation {
    @Inject ReconciliationStore store;

    public Uni<ReconciliationReport> report(BillingPeriod period) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.books(s, period))).map(Reconciler::reconcile);
    }
}

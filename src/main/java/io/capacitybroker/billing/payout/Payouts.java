package io.capacitybroker.billing.payout;

import io.capacitybroker.platform.error.QueryParams;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;

/** Reading payouts and partner statements, for the API and the portal alike (the period filter is checked here once). */
@ApplicationScoped
public class Payouts {
    @Inject PayoutStore store;

    /** Payouts newest period first, optionally of one period (YYYY-MM, else 400 naming {@code period}) or partner. */
    public Uni<List<PayoutView>> list(String period, String partnerId, int page, int size) {
        String month = month(period);
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.payouts(s, month, partnerId, page, size)));
    }

    /** A partner's statements with their payouts, newest first, optionally of one period. */
    public Uni<List<StatementView>> statements(String partnerId, String period) {
        String month = month(period);
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.statements(s, partnerId, month)));
    }

    private static String month(String period) {
        return Objects.toString(QueryParams.period("period", period), null);
    }
}

package io.capacitybroker.billing.payout;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Where a partner is paid: its Stripe Connect account ({@code partner.stripe_account_id}). */
@ApplicationScoped
public class PayoutAccounts {
    private static final Logger LOG = Logger.getLogger(PayoutAccounts.class);

    @Inject PayoutStore store;

    /** False when there is no such partner. Logged, since it redirects money. */
    @WithTransaction
    public Uni<Boolean> set(String partnerId, String accountId, String actor) {
        return Panache.getSession().chain(s -> store.setAccount(s, partnerId, accountId))
                .invoke(found -> { if (found) LOG.infof("payout account of %s set to %s by %s", partnerId, accountId, actor); });
    }
}

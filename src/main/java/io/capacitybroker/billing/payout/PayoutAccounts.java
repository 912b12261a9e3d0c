package io.capacitybroker.billing.payout;

import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Where a partner is paid: its Stripe Connect account ({@code partner.stripe_account_id}). */
@ApplicationScoped
public class PayoutAccounts {
    @Inject PayoutStore store;
    @Inject FinanceAudit audit;

    /** False when there is no such partner. Recorded in the audit trail (document: the partner id), since it redirects money. */
    @WithTransaction
    public Uni<Boolean> set(String partnerId, String accountId, String actor) {
        return Panache.getSession().chain(s -> store.setAccount(s, partnerId, accountId)
                .call(found -> found ? audit.record(s, DocumentType.PARTNER, partnerId, "PAYOUT_ACCOUNT_SET", actor,
                        "payouts go to Stripe Connect account " + accountId) : Uni.createFrom().voidItem()));
    }
}

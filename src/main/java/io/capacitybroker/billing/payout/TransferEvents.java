package io.capacitybroker.billing.payout;

import io.capacitybroker.payments.Amount;
import io.capacitybroker.payments.webhook.StripeEvent;
import io.capacitybroker.payments.webhook.StripeEventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Stripe's transfer events (ADR 0008: there is no "transfer paid"): {@code transfer.created}
 * confirms a payout, and records the transfer when the run lost Stripe's answer;
 * {@code transfer.reversed} reverses it.
 */
@ApplicationScoped
public class TransferEvents implements StripeEventHandler {
    private static final String CREATED = "transfer.created";
    private static final String REVERSED = "transfer.reversed";

    @Inject PayoutStore store;
    @Inject PayoutLedger ledger;

    @Override
    public boolean handles(String type) {
        return CREATED.equals(type) || REVERSED.equals(type);
    }

    @Override
    public Uni<String> apply(Mutiny.Session session, StripeEvent event) {
        String actor = "stripe:" + event.id();
        return store.lockForTransfer(session, event.objectId(), event.metadata("payout_id")).chain(found -> {
            if (found.isEmpty()) return Uni.createFrom().item("UNKNOWN_TRANSFER");
            PayoutStore.Due payout = found.get();
            if (CREATED.equals(event.type())) {
                if (!sameAmount(event, payout)) return Uni.createFrom().item("IGNORED_AMOUNT_DIFFERS");
                return ledger.paid(session, payout, event.objectId(), event.object().path("destination").asText(null), actor)
                        .map(changed -> changed ? "PAID" : "ALREADY_" + payout.status());
            }
            return ledger.reversed(session, payout, event.objectId(), actor)
                    .map(changed -> changed ? "REVERSED" : "IGNORED_" + payout.status());
        });
    }

    /** A transfer found by the payout id in its metadata must move exactly the payout's amount. */
    private static boolean sameAmount(StripeEvent event, PayoutStore.Due payout) {
        Amount expected = Amount.of(payout.amount());
        return event.object().path("amount").asLong(-1) == expected.minorUnits()
                && expected.stripeCurrency().equals(event.object().path("currency").asText());
    }
}

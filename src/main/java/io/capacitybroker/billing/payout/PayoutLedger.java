package io.capacitybroker.billing.payout;

import io.capacitybroker.billing.events.BillingEvents;
import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.finance.journal.Account;
import io.capacitybroker.finance.journal.EntryKind;
import io.capacitybroker.finance.journal.JournalService;
import io.capacitybroker.finance.journal.NewEntry;
import io.capacitybroker.finance.journal.Posting;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A payout's money movements, each with its journal entry, event and audit record in the caller's
 * transaction: paid when the transfer exists (Connect transfers move money at once, ADR 0009), and
 * reversed when Stripe reports the transfer reversed.
 */
@ApplicationScoped
public class PayoutLedger {
    @Inject PayoutStore store;
    @Inject JournalService journal;
    @Inject BillingEvents events;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    /** Records the transfer; true when this call made the payout PAID (false: it was recorded before). */
    public Uni<Boolean> paid(Mutiny.Session session, PayoutStore.Due payout, String transferId, String destination, String actor) {
        return store.markPaid(session, payout.id(), transferId, destination, clock.instant()).chain(updated -> {
            if (updated == 0) return Uni.createFrom().item(false);
            NewEntry entry = new NewEntry(EntryKind.PAYOUT_MADE, payout.id(), BillingPeriod.parse(payout.period()).orElseThrow(),
                    "payout of statement " + payout.statementId() + " by transfer " + transferId,
                    List.of(Posting.debit(Account.PARTNER_PAYABLE, payout.partnerId(), payout.amount()),
                            Posting.credit(Account.STRIPE_CLEARING, payout.amount())));
            return journal.post(entry, actor)
                    .chain(() -> audit.record(session, DocumentType.PAYOUT, payout.id(), "PAID", actor,
                            "transfer " + transferId + " of " + payout.amount() + " to " + destination))
                    .chain(() -> published(session, BillingEvents.Type.PAYOUT_MADE, payout.id()))
                    .replaceWith(true);
        });
    }

    public Uni<Boolean> reversed(Mutiny.Session session, PayoutStore.Due payout, String transferId, String actor) {
        return store.markReversed(session, payout.id(), clock.instant()).chain(updated -> {
            if (updated == 0) return Uni.createFrom().item(false);
            NewEntry entry = new NewEntry(EntryKind.PAYOUT_REVERSED, payout.id(), BillingPeriod.parse(payout.period()).orElseThrow(),
                    "transfer " + transferId + " reversed at Stripe",
                    List.of(Posting.debit(Account.STRIPE_CLEARING, payout.amount()),
                            Posting.credit(Account.PARTNER_PAYABLE, payout.partnerId(), payout.amount())));
            return journal.post(entry, actor)
                    .chain(() -> audit.record(session, DocumentType.PAYOUT, payout.id(), "REVERSED", actor,
                            "transfer " + transferId + " reversed at Stripe; the partner is owed " + payout.amount() + " again"))
                    .chain(() -> published(session, BillingEvents.Type.PAYOUT_REVERSED, payout.id()))
                    .replaceWith(true);
        });
    }

    private Uni<Void> published(Mutiny.Session session, BillingEvents.Type type, String payoutId) {
        return store.payout(session, payoutId)
                .chain(view -> events.append(session, type, payoutId, payoutId, view.orElseThrow()));
    }
}

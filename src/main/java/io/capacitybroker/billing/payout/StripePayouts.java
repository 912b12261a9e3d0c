package io.capacitybroker.billing.payout;

import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.payments.Amount;
import io.capacitybroker.payments.IdempotencyKey;
import io.capacitybroker.payments.InvalidPaymentRequestException;
import io.capacitybroker.payments.PaymentDeclinedException;
import io.capacitybroker.payments.PaymentGateway;
import io.capacitybroker.payments.PaymentGateway.TransferRequest;
import io.capacitybroker.platform.vertx.Blocking;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;

/**
 * Pays a payout with one Stripe Connect transfer, keyed {@code cb:transfer:<payout id>}. A payout
 * whose partner has no Connect account waits; one that Stripe refuses (declined, invalid) is FAILED
 * with the reason and tried again by the next run (no transfer exists, so none can be doubled);
 * other errors (Stripe unreachable) stop the run, which resumes with the same key.
 */
@ApplicationScoped
public class StripePayouts {
    static final String NO_ACCOUNT = "the partner has no Stripe Connect account (partner.stripe_account_id)";

    @Inject PaymentGateway gateway;
    @Inject PayoutStore store;
    @Inject PayoutLedger ledger;
    @Inject FinanceAudit audit;
    @Inject Clock clock;

    /** True when the payout is paid (now or before). */
    public Uni<Boolean> pay(String payoutId, String actor) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> store.due(s, payoutId))).chain(due -> {
            if (due.status() == PayoutStatus.PAID || due.status() == PayoutStatus.REVERSED) return Uni.createFrom().item(true);
            if (due.account() == null) return notPaid(due, PayoutStatus.PENDING, NO_ACCOUNT, actor);
            TransferRequest request = new TransferRequest(due.account(), Amount.of(due.amount()), due.statementId(),
                    "Capacity Broker payout " + due.period() + ", statement " + due.statementId(),
                    Map.of("payout_id", due.id(), "statement_id", due.statementId(), "partner_id", due.partnerId(),
                            "period", due.period()));
            return Blocking.call(() -> gateway.createTransfer(request, IdempotencyKey.of("transfer", due.id())))
                    .chain(transfer -> Panache.withTransaction(() -> Panache.getSession()
                            .chain(s -> ledger.paid(s, due, transfer.id(), transfer.destinationAccount(), actor)))
                            .replaceWith(true))
                    .onFailure(e -> e instanceof PaymentDeclinedException || e instanceof InvalidPaymentRequestException)
                    .recoverWithUni(e -> notPaid(due, PayoutStatus.FAILED, "Stripe refused the transfer: " + e.getMessage(), actor));
        });
    }

    private Uni<Boolean> notPaid(PayoutStore.Due due, PayoutStatus status, String reason, String actor) {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> store.markNotPaid(s, due.id(), status, reason, clock.instant())
                                .chain(() -> audit.record(s, DocumentType.PAYOUT, due.id(), "NOT_PAID", actor, reason))))
                .replaceWith(false);
    }
}

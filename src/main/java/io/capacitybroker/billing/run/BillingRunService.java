package io.capacitybroker.billing.run;

import io.capacitybroker.billing.invoice.InvoiceStore;
import io.capacitybroker.billing.invoice.StripeInvoicing;
import io.capacitybroker.billing.payout.PayoutStore;
import io.capacitybroker.billing.payout.StripePayouts;
import io.capacitybroker.billing.run.BillingRunView.Progress;
import io.capacitybroker.billing.run.BillingRunView.Status;
import io.capacitybroker.billing.run.BillingRunView.Step;
import io.capacitybroker.finance.audit.FinanceAudit;
import io.capacitybroker.finance.audit.FinanceAudit.DocumentType;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Runs the billing of a period (ADR 0009): single writer through the run's lease, repeatable (a
 * completed run does nothing), resumable (each step does only what is not done yet). Steps: CLOSE
 * (one transaction), INVOICES (Stripe, per invoice), PAYOUTS (Stripe Connect, per payout). A step
 * that fails stops the run as FAILED with the reason; posting the period again resumes it.
 */
@ApplicationScoped
public class BillingRunService {
    private static final Logger LOG = Logger.getLogger(BillingRunService.class);

    @Inject BillingRunStore runs;
    @Inject PeriodClose periodClose;
    @Inject InvoiceStore invoices;
    @Inject PayoutStore payouts;
    @Inject StripeInvoicing stripeInvoicing;
    @Inject StripePayouts stripePayouts;
    @Inject FinanceAudit audit;
    @Inject BillingConfig config;
    @Inject Clock clock;
    @Inject BrokerMetrics metrics;

    /** The run's writer for one POST: its lease token and who asked. */
    private record Writer(String runId, BillingPeriod period, String owner, String actor) {}

    public Uni<BillingRunView> run(BillingPeriod period, String actor) {
        if (period.end().isAfter(clock.instant())) {
            throw ProblemException.invalid("period", period + " has not ended yet; only a past month can be closed");
        }
        String owner = UUID.randomUUID().toString();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> runs.ensure(s, period, actor, clock.instant())
                        .chain(() -> runs.lease(s, period, owner, leaseEnd(), clock.instant()))
                        .chain(leased -> runs.byPeriod(s, period).map(run -> Map.entry(leased, run.orElseThrow())))
                        .call(taken -> taken.getKey() ? audit.record(s, DocumentType.BILLING_RUN, taken.getValue().id(),
                                "STARTED", actor, "attempt " + taken.getValue().attempts() + " at step " + taken.getValue().step())
                                : Uni.createFrom().voidItem())))
                .chain(taken -> {
                    BillingRunStore.Run run = taken.getValue();
                    if (taken.getKey()) return timed(execute(new Writer(run.id(), period, owner, actor), run.step()).chain(() -> view(run.id())));
                    if (run.status() == Status.COMPLETED) return view(run.id());
                    throw new ProblemException(ProblemType.BILLING_RUN_IN_PROGRESS, "billing run " + run.id() + " of " + period
                            + " is in progress; follow it at /api/v1/billing-runs/" + run.id(), List.of(), Map.of("runId", run.id()));
                });
    }

    /** Wall time of this replica's share of the run, for the billing-run duration metric (not business time). */
    private Uni<BillingRunView> timed(Uni<BillingRunView> run) {
        long started = System.nanoTime();
        return run.invoke(view -> metrics.billingRunDuration(Duration.ofNanos(System.nanoTime() - started),
                        view.status() == Status.COMPLETED ? "succeeded" : "failed"))
                .onFailure().invoke(e -> metrics.billingRunDuration(Duration.ofNanos(System.nanoTime() - started), "failed"));
    }

    public Uni<BillingRunView> view(String runId) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> runs.byId(s, runId)
                .chain(found -> found.isEmpty() ? Uni.createFrom().failure(ProblemException.notFound("billing run " + runId))
                        : progress(s, found.get()))));
    }

    /** The period's run as it stands, or empty when the period was never closed (the portal follows a run by period). */
    public Uni<Optional<BillingRunView>> ofPeriod(BillingPeriod period) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> runs.byPeriod(s, period)
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(Optional.<BillingRunView>empty())
                        : progress(s, found.get()).map(Optional::of))));
    }

    /** The latest runs, newest period first, each with its progress. */
    public Uni<List<BillingRunView>> recent(int limit) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> runs.recent(s, limit).chain(found -> {
            List<BillingRunView> views = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (BillingRunStore.Run run : found) chain = chain.chain(() -> progress(s, run).invoke(views::add).replaceWithVoid());
            return chain.map(nothing -> views);
        })));
    }

    private Uni<BillingRunView> progress(Mutiny.Session s, BillingRunStore.Run run) {
        return invoices.progress(s, run.id()).chain(inv -> payouts.progress(s, run.id()).chain(pay -> payouts.statementCount(s, run.id())
                .map(statements -> new BillingRunView(run.id(), run.period().toString(), run.status(), run.step(), run.attempts(),
                        run.lastError(), run.startedBy(), run.startedAt(), run.updatedAt(), run.completedAt(), statements,
                        List.of(new Progress(Step.CLOSE, run.step() == Step.CLOSE ? 0 : 1, 1),
                                new Progress(Step.INVOICES, inv[1], inv[0]),
                                new Progress(Step.PAYOUTS, pay[1], pay[0]))))));
    }

    private Uni<Void> execute(Writer w, Step from) {
        Uni<Void> close = from == Step.CLOSE ? close(w) : Uni.createFrom().voidItem();
        return close.chain(() -> pushInvoices(w)).chain(() -> payOut(w))
                .chain(unpaid -> unpaid == 0 ? finish(w, Status.COMPLETED, Step.DONE, null)
                        : finish(w, Status.FAILED, Step.PAYOUTS, unpaid + " payout(s) not made; see GET /api/v1/finance/payouts"))
                .onFailure(e -> !(e instanceof ProblemException)).recoverWithUni(e -> {
                    LOG.warnf(e, "billing run %s of %s stopped", w.runId(), w.period());
                    return Panache.withSession(() -> Panache.getSession().chain(s -> runs.byId(s, w.runId())))
                            .chain(run -> finish(w, Status.FAILED, run.orElseThrow().step(), describe(e)));
                });
    }

    private Uni<Void> close(Writer w) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> renew(s, w, Step.CLOSE)
                .chain(() -> periodClose.close(s, w.runId(), w.period(), w.actor()))
                .call(closed -> audit.record(s, DocumentType.BILLING_RUN, w.runId(), "CLOSED", w.actor(), closed.invoices()
                        + " invoice(s), " + closed.statements() + " statement(s), " + closed.payouts() + " payout(s)"))
                .chain(() -> renew(s, w, Step.INVOICES))));
    }

    private Uni<Void> pushInvoices(Writer w) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> invoices.notFinalized(s, w.runId()))).chain(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String invoiceId : ids) {
                chain = chain.chain(() -> renewAlone(w, Step.INVOICES))
                        .chain(() -> stripeInvoicing.push(invoiceId, config.daysUntilDue(), w.actor()));
            }
            return chain.chain(() -> renewAlone(w, Step.PAYOUTS));
        });
    }

    /** The number of payouts left unpaid (a partner without a Connect account, a refused transfer). */
    private Uni<Integer> payOut(Writer w) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> payouts.unpaid(s, w.runId()))).chain(ids -> {
            AtomicInteger unpaid = new AtomicInteger();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String payoutId : ids) {
                chain = chain.chain(() -> renewAlone(w, Step.PAYOUTS))
                        .chain(() -> stripePayouts.pay(payoutId, w.actor()))
                        .invoke(paid -> { if (!paid) unpaid.incrementAndGet(); })
                        .replaceWithVoid();
            }
            return chain.map(nothing -> unpaid.get());
        });
    }

    private Uni<Void> finish(Writer w, Status status, Step step, String error) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> runs.finish(s, w.runId(), w.owner(), status, step,
                        error, clock.instant())
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : audit.record(s, DocumentType.BILLING_RUN, w.runId(), status.name(), w.actor(),
                                error == null ? "all invoices at Stripe, all payouts made" : error))));
    }

    private Uni<Void> renewAlone(Writer w, Step step) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> renew(s, w, step)));
    }

    /** Every step renews the lease first: a writer whose lease ran out and was taken over stops here. */
    private Uni<Void> renew(Mutiny.Session s, Writer w, Step step) {
        return runs.renew(s, w.runId(), w.owner(), step, leaseEnd(), clock.instant()).invoke(updated -> {
            if (updated == 0) {
                throw new ProblemException(ProblemType.BILLING_RUN_IN_PROGRESS, "billing run " + w.runId()
                        + " lost its lease to another writer", List.of(), Map.of("runId", w.runId()));
            }
        }).replaceWithVoid();
    }

    private Instant leaseEnd() {
        return clock.instant().plus(config.runLease());
    }

    private static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}

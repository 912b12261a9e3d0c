package io.capacitybroker.portal.finance;

import io.capacitybroker.billing.run.BillingRunService;
import io.capacitybroker.platform.time.BillingPeriod;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts a billing run for the portal without waiting for it. {@link BillingRunService#run} answers
 * when the run has finished, which is right for the API but would leave a person looking at a
 * spinning button; the portal starts it here and shows the run's progress page, which polls the
 * run (by period: one run per period). The run works on a fresh Vert.x context of its own, so its
 * database sessions outlive the request that started it. What {@code run} refuses at once (a month
 * that has not ended) fails the returned Uni, for the form to show beside the field; what happens
 * later is the run's own record (status, step, last error), shown on the progress page.
 */
@ApplicationScoped
public class BillingRunStarter {
    private static final Logger LOG = Logger.getLogger(BillingRunStarter.class);

    @Inject BillingRunService runs;
    @Inject Vertx vertx;

    public Uni<Void> start(BillingPeriod period, String actor) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        // A context of the run's own, isolated like a request's, as Hibernate Reactive requires.
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(started -> context.runOnContext(nothing -> {
            Uni<?> run;
            try {
                run = runs.run(period, actor);
            } catch (RuntimeException refused) {
                started.fail(refused);
                return;
            }
            run.subscribe().with(view -> LOG.debugf("billing run of %s ended from the portal", period),
                    failure -> LOG.infof("billing run of %s from the portal: %s", period, failure.getMessage()));
            started.complete(null);
        }));
    }
}

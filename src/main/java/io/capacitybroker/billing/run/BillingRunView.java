package io.capacitybroker.billing.run;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A billing run and how far it got: per step, the documents done of those to do (CLOSE: the
 * period closed; INVOICES: invoices finalized at Stripe; PAYOUTS: payouts transferred).
 */
@Schema(name = "BillingRun")
public record BillingRunView(String id, String period, Status status, Step step, int attempts, String lastError,
                             String startedBy, Instant startedAt, Instant updatedAt, Instant completedAt,
                             int statements, List<Progress> progress) {

    /** RUNNING while a writer holds the lease; FAILED when it stopped with work left (post the period again to resume). */
    public enum Status { RUNNING, COMPLETED, FAILED }

    public enum Step { CLOSE, INVOICES, PAYOUTS, DONE }

    @Schema(name = "BillingRunProgress")
    public record Progress(Step step, int done, int total) {}
}

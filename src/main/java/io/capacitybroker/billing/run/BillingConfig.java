package io.capacitybroker.billing.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How billing runs work (ADR 0009). */
@ConfigMapping(prefix = "broker.billing")
public interface BillingConfig {
    /** How long a run holds its period without renewing; a run that died is taken over after this. */
    @WithDefault("10M")
    Duration runLease();

    /** Stripe sends each invoice to the tenant, payable within this many days. */
    @WithDefault("30")
    int daysUntilDue();
}

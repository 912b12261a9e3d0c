package io.capacitybroker.billing.run;

import io.capacitybroker.platform.time.BillingPeriod;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BillingRunRequest")
public record BillingRunRequest(
        @NotNull @Schema(description = "The UTC calendar month to close, YYYY-MM; it must have ended",
                pattern = BillingPeriod.PATTERN, examples = "2030-03")
        String period) {}

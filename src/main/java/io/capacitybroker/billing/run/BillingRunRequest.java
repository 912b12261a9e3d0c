package io.capacitybroker.billing.run;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BillingRunRequest")
public record BillingRunRequest(
        @NotNull @Schema(description = "The UTC calendar month to close, YYYY-MM; it must have ended",
                pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", examples = "2030-03")
        String period) {}

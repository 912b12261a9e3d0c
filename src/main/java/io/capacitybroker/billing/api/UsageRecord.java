package io.capacitybroker.billing.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One usage record as a site reports it, on REST and on the partner.usage topic alike. */
@Schema(description = "GPU-hours a site measured on one offer over whole UTC hours within one UTC month")
public record UsageRecord(
        @NotBlank @Size(max = 128)
        @Schema(description = "The partner's own id of the record, unique per partner forever; a repeat is harmless",
                examples = "tpe-1/2030-03-10T00/alc-7")
        String recordId,
        @Size(max = 64)
        @Schema(description = "The reservation the usage belongs to; omit it for usage without one (stored, flagged for reconciliation)")
        String reservationId,
        @NotNull @Schema(description = "The broker's id of the offer the GPUs came from")
        UUID offerId,
        @NotNull @Min(1) @Max(100000) @Schema(description = "GPUs that ran")
        Integer gpuCount,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 6)
        @Schema(description = "GPU-hours measured; at most gpuCount times the hours of the period")
        BigDecimal gpuHours,
        @NotNull @Schema(description = "Start of the period, a whole UTC hour")
        Instant periodStart,
        @NotNull @Schema(description = "End of the period, exclusive, a whole UTC hour in the same UTC month, not in the future")
        Instant periodEnd) {}

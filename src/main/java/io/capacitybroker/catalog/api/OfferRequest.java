package io.capacitybroker.catalog.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An offer as its partner publishes it: one pool of GPUs of one model, with its price card.")
public record OfferRequest(
        @NotNull @Min(1) @Schema(description = "Publication counter; only a higher one replaces the stored offer") Long sequence,
        @NotBlank @Schema(examples = "H100-SXM-80GB") String gpuModel,
        @NotNull @Min(1) @Max(72) Integer gpusPerNode,
        @NotNull @Min(1) @Max(100000) Integer totalGpus,
        @NotNull @Schema(description = "First hour on sale (UTC, whole hour)") Instant availableFrom,
        @NotNull @Schema(description = "End of the window, exclusive (UTC, whole hour)") Instant availableUntil,
        @NotBlank @Schema(description = "ISO 4217 currency of the prices", examples = "USD") String currency,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 7, fraction = 6) BigDecimal pricePerGpuHour,
        @Size(max = 10) List<@Valid @NotNull PriceTierBody> tiers,
        @NotNull @Min(1) @Max(8760) Integer minTermHours,
        @NotNull @Min(1) @Max(100000) Integer minGpus,
        @NotNull Boolean requiresConfirmation) {}

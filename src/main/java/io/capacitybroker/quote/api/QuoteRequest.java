package io.capacitybroker.quote.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A capacity request: what the tenant needs and the rules the capacity must obey.")
public record QuoteRequest(
        @NotEmpty @Size(max = 8) @Schema(description = "Acceptable GPU models, in preference order when preferenceOrdered")
        List<@NotBlank String> gpuModels,
        @Schema(description = "Whether the order of gpuModels is a preference (default true)") Boolean preferenceOrdered,
        @NotNull @Min(1) @Max(10000) Integer gpuCount,
        @NotNull @Min(1) @Max(8760) @Schema(description = "Hours; at most one year") Integer durationHours,
        @NotNull @Schema(description = "Earliest acceptable start (UTC, whole hour)") Instant earliestStart,
        @NotNull @Schema(description = "Latest acceptable start (UTC, whole hour)") Instant latestStart,
        @Schema(description = "ISO 4217 currency of prices in the quote (default USD)") String currency,
        @DecimalMin(value = "0", inclusive = false) @Digits(integer = 7, fraction = 6)
        @Schema(description = "Highest acceptable price per GPU-hour, in `currency`") BigDecimal maxPricePerGpuHour,
        @Size(max = 30) @Schema(description = "Allowed jurisdictions; empty means any") List<@NotBlank String> jurisdictions,
        @Size(max = 60) @Schema(description = "Allowed countries (ISO 3166-1 alpha-2); empty means any") List<@NotBlank String> countries,
        @Size(max = 60) @Schema(description = "Countries never to use") List<@NotBlank String> excludedCountries,
        @Size(max = 20) List<@NotBlank String> certifications,
        @Size(max = 10) List<@NotBlank String> sovereignty,
        @Schema(description = "Whether the GPUs may be split across offers and sites (default false)") Boolean allowSplit,
        @Min(1) @Max(10000) @Schema(description = "Smallest block per site when split (default 1)") Integer minBlock) {}

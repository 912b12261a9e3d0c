package io.capacitybroker.catalog.api;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A cheaper price per GPU-hour for bookings of at least minHours.")
public record PriceTierBody(
        @NotNull @Min(1) @Max(8760) Integer minHours,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 7, fraction = 6) BigDecimal pricePerGpuHour) {}

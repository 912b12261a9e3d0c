package io.capacitybroker.reservation.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Book one option of a live quote.")
public record BookingRequest(
        @NotBlank @Size(max = 64) String quoteId,
        @NotNull @Min(1) @Max(100) Integer optionRank) {}

package io.capacitybroker.reservation.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Book one option of a live quote.")
public record BookingRequest(
        @NotBlank @Size(max = 65536)
        @Schema(description = "The bookingToken of the option to book, as POST /api/v1/quotes returned it")
        String bookingToken) {}

package io.capacitybroker.reservation.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A reservation with its allocations and its full status history. A partner sees only its own allocations.")
public record ReservationView(
        String id,
        String quoteId,
        int optionRank,
        @Schema(enumeration = {"PENDING_PARTNER", "CONFIRMED", "ACTIVE", "COMPLETED", "CANCELLED", "REJECTED", "EXPIRED"})
        String status,
        int gpuCount,
        Instant startAt,
        Instant endAt,
        String currency,
        BigDecimal total,
        BigDecimal cancellationFee,
        Instant partnerDeadline,
        Instant createdAt,
        List<AllocationView> allocations,
        List<TransitionView> history) {}

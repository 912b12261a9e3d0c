package io.capacitybroker.catalog.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A published offer. `id` is the broker's opaque id; `offerId` is the partner's own name.")
public record OfferView(
        String id,
        String partnerId,
        String siteId,
        String offerId,
        String siteName,
        String country,
        String jurisdiction,
        List<String> certifications,
        List<String> sovereignty,
        String gpuModel,
        int gpuMemoryGb,
        String interconnect,
        int gpusPerNode,
        int totalGpus,
        Instant availableFrom,
        Instant availableUntil,
        String currency,
        BigDecimal pricePerGpuHour,
        List<PriceTierBody> tiers,
        int minTermHours,
        int minGpus,
        boolean requiresConfirmation,
        long sequence,
        @Schema(enumeration = {"LIVE", "WITHDRAWN"}) String status) {}

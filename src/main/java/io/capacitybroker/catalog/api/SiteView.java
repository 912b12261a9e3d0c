package io.capacitybroker.catalog.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A registered site and whether it is live (heartbeats fresh) or stale.")
public record SiteView(
        String partnerId,
        String siteId,
        String name,
        String country,
        String region,
        String jurisdiction,
        List<String> certifications,
        List<String> sovereignty,
        BigDecimal reliability,
        Instant lastHeartbeat,
        @Schema(enumeration = {"LIVE", "STALE"}) String status) {}

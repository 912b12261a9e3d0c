package io.capacitybroker.identity.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Who the broker takes the caller to be, from the verified token alone.")
public record CallerView(
        @Schema(description = "The user or machine client, as the token names it") String user,
        @Schema(description = "The broker's roles the token carries: tenant, partner, finance, admin") List<String> roles,
        @Schema(description = "The tenant the caller acts for (tenant_id claim); null if none", nullable = true) String tenantId,
        @Schema(description = "The partner the caller acts for (partner_id claim); null if none", nullable = true) String partnerId) {}

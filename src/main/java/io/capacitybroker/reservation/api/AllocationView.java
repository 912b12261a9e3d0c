package io.capacitybroker.reservation.api;

import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "GPUs taken from one offer; decision is the site's answer where it must confirm.")
public record AllocationView(String offerId, String partnerId, String siteId, String gpuModel, int gpuCount,
                             BigDecimal unitPrice, String offerCurrency, BigDecimal offerCurrencyAmount,
                             BigDecimal amount, boolean requiresConfirmation,
                             @Schema(enumeration = {"ACCEPTED", "REJECTED"}) String decision) {}

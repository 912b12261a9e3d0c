package io.capacitybroker.quote.api;

import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "GPUs of one offer within an option. Prices in the offer's own currency are kept beside the converted total.")
public record QuoteLeg(
        String offerId,
        String partnerId,
        String siteId,
        String siteName,
        String country,
        String jurisdiction,
        String gpuModel,
        int gpuCount,
        Instant startAt,
        Instant endAt,
        String offerCurrency,
        BigDecimal unitPrice,
        BigDecimal offerCurrencyTotal,
        BigDecimal total,
        boolean requiresConfirmation) {}

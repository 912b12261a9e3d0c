package io.capacitybroker.quote.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Ranked options for a capacity request, bookable until expiresAt.")
public record QuoteView(String id, Instant createdAt, Instant expiresAt, String currency, ExchangeRatesView exchangeRates,
                        List<QuoteOptionView> options) {

    @Schema(description = "The rates used: units of each currency per one unit of base, as of date.")
    public record ExchangeRatesView(LocalDate date, String base, Map<String, BigDecimal> rates) {}
}

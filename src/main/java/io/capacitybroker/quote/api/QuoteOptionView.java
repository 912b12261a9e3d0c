package io.capacitybroker.quote.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One ranked way to serve the request; several legs when the GPUs are split across offers. */
public record QuoteOptionView(int rank, BigDecimal total, String currency, Instant startAt, Instant endAt,
                              String reason, List<QuoteLeg> legs,
                              @Schema(description = "Send this to POST /api/v1/reservations to book the option. Opaque "
                                      + "and signed by the broker: it holds the option's offers, window and prices, "
                                      + "is valid only for you and only until the quote's expiresAt.")
                              String bookingToken) {}

package io.capacitybroker.quote.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One ranked way to serve the request; several legs when the GPUs are split across offers. */
public record QuoteOptionView(int rank, BigDecimal total, String currency, Instant startAt, Instant endAt,
                              String reason, List<QuoteLeg> legs) {}

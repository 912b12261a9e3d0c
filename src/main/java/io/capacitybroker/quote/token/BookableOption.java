package io.capacitybroker.quote.token;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a booking needs of one quote option, as its booking token carries it (ADR 0016): the
 * window, the GPUs per offer and the prices promised until the quote expires.
 *
 * @param quoteId   the quote the option belongs to; kept on the reservation for the record
 * @param rank      the option's rank within its quote
 * @param expiresAt after this the option cannot be booked
 * @param currency  the currency of {@code total} and of each leg's {@code total}
 */
public record BookableOption(String quoteId, int rank, Instant expiresAt, String currency, BigDecimal total, List<Leg> legs) {

    public BookableOption {
        if (legs.isEmpty()) throw new IllegalArgumentException("an option has at least one leg");
        legs = List.copyOf(legs);
    }

    /** All legs of an option share its window. */
    public Instant startAt() {
        return legs.get(0).startAt();
    }

    public Instant endAt() {
        return legs.get(0).endAt();
    }

    /** GPUs of one offer, priced in the offer's own currency and in the quote's. */
    public record Leg(UUID offerId, String partnerId, String siteCode, String gpuModel, int gpuCount, Instant startAt,
                      Instant endAt, String offerCurrency, BigDecimal unitPrice, BigDecimal offerCurrencyTotal,
                      BigDecimal total, boolean requiresConfirmation) {}
}

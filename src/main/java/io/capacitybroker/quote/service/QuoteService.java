package io.capacitybroker.quote.service;

import io.capacitybroker.matching.Leg;
import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.QuoteOption;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.id.Ids;
import io.capacitybroker.platform.metrics.BrokerMetrics;
import io.capacitybroker.platform.money.ExchangeRateStore;
import io.capacitybroker.platform.money.ExchangeRates;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.quote.api.QuoteLeg;
import io.capacitybroker.quote.api.QuoteOptionView;
import io.capacitybroker.quote.api.QuoteRequest;
import io.capacitybroker.quote.api.QuoteView;
import io.capacitybroker.quote.market.LiveMarket;
import io.capacitybroker.quote.token.BookableOption;
import io.capacitybroker.quote.token.BookingTokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Answers capacity requests with ranked, priced options. Nothing of a quote is stored: each option
 * carries a signed booking token with what a booking needs of it (ADR 0016).
 */
@ApplicationScoped
public class QuoteService {
    /** The field of POST /api/v1/reservations that a refused token is reported against. */
    private static final String TOKEN_FIELD = "bookingToken";

    @Inject LiveMarket market;
    @Inject BookingTokens tokens;
    @Inject ExchangeRateStore exchangeRates;
    @Inject BrokerConfig config;
    @Inject BrokerMetrics metrics;
    @Inject Clock clock;

    /** Matching is in memory, and so is the rest: a quote touches no database. */
    public Uni<QuoteView> quote(String tenantId, QuoteRequest request) {
        Instant now = clock.instant();
        return exchangeRates.rates().chain(rates -> {
            MatchRequest match = QuoteValidation.toMatchRequest(request, now, rates, config.maxQuoteOptions());
            return market.index().map(index -> {
                List<QuoteOption> found = metrics.timeMatching(() -> index.match(match, now, config.siteStaleAfter(), rates));
                String quoteId = Ids.newId("qt");
                Instant expiresAt = now.plus(config.quoteTtl());
                List<QuoteOptionView> options = found.stream().map(option -> toView(tenantId, quoteId, expiresAt, option)).toList();
                metrics.quoteAnswered(options.size());
                return new QuoteView(quoteId, now, expiresAt, match.currency().getCurrencyCode(), toView(rates), options);
            });
        });
    }

    /**
     * The option a booking token stands for, if the broker issued it to this tenant and its quote
     * has not expired. Only a new booking asks: a retry of a booking is answered from its
     * Idempotency-Key, even after the quote expired.
     */
    public BookableOption bookableOption(String tenantId, String token) {
        BookableOption option = tokens.verify(tenantId, token).orElseThrow(() -> ProblemException.invalid(TOKEN_FIELD,
                "not a booking token this broker issued to you: send an option's bookingToken from your own quote as it is"));
        if (!clock.instant().isBefore(option.expiresAt())) {
            throw new ProblemException(ProblemType.QUOTE_EXPIRED, "quote " + option.quoteId() + " expired at " + option.expiresAt());
        }
        return option;
    }

    private static QuoteView.ExchangeRatesView toView(ExchangeRates rates) {
        Map<String, BigDecimal> table = new TreeMap<>();
        rates.unitsPerBase().forEach((currency, rate) -> table.put(currency.getCurrencyCode(), rate));
        return new QuoteView.ExchangeRatesView(rates.date(), rates.base().getCurrencyCode(), table);
    }

    private QuoteOptionView toView(String tenantId, String quoteId, Instant expiresAt, QuoteOption option) {
        List<QuoteLeg> legs = option.legs().stream().map(this::toView).toList();
        Leg first = option.legs().get(0);
        String currency = option.total().currency().getCurrencyCode();
        BookableOption bookable = new BookableOption(quoteId, option.rank(), expiresAt, currency, option.total().amount(),
                legs.stream().map(QuoteService::bookable).toList());
        return new QuoteOptionView(option.rank(), option.total().amount(), currency, Slots.startOf(first.startHour()),
                Slots.startOf(first.endHour()), option.reason(), legs, tokens.issue(tenantId, bookable));
    }

    private QuoteLeg toView(Leg leg) {
        var site = market.site(leg.siteId()).orElseThrow();
        var snapshot = site.snapshot();
        return new QuoteLeg(leg.offerId(), leg.partnerId(), site.code(), site.name(), snapshot.country(),
                snapshot.jurisdiction().code(), leg.gpuModel().code(), leg.gpuCount(), Slots.startOf(leg.startHour()),
                Slots.startOf(leg.endHour()), leg.offerCurrencyTotal().currency().getCurrencyCode(), leg.unitPrice(),
                leg.offerCurrencyTotal().amount(), leg.total().amount(), leg.requiresConfirmation());
    }

    private static BookableOption.Leg bookable(QuoteLeg leg) {
        return new BookableOption.Leg(UUID.fromString(leg.offerId()), leg.partnerId(), leg.siteId(), leg.gpuModel(),
                leg.gpuCount(), leg.startAt(), leg.endAt(), leg.offerCurrency(), leg.unitPrice(), leg.offerCurrencyTotal(),
                leg.total(), leg.requiresConfirmation());
    }
}

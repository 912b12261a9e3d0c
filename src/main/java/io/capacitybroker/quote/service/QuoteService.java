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
import io.capacitybroker.quote.domain.Quote;
import io.capacitybroker.quote.market.LiveMarket;
import io.capacitybroker.quote.store.QuoteRepository;
import io.capacitybroker.quote.store.QuoteRetention;
import io.capacitybroker.quote.store.QuoteWriter;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Answers capacity requests with ranked, priced options and keeps them bookable for a while. */
@ApplicationScoped
public class QuoteService {
    @Inject LiveMarket market;
    @Inject QuoteRepository quotes;
    @Inject QuoteWriter writer;
    @Inject QuoteRetention retention;
    @Inject ExchangeRateStore exchangeRates;
    @Inject BrokerConfig config;
    @Inject BrokerMetrics metrics;
    @Inject Clock clock;

    /** Matching is in memory; the quote is stored by {@link QuoteWriter} with others answered at the same time. */
    public Uni<QuoteView> quote(String tenantId, QuoteRequest request) {
        Instant now = clock.instant();
        return exchangeRates.rates().chain(rates -> {
            MatchRequest match = QuoteValidation.toMatchRequest(request, now, rates, config.maxQuoteOptions());
            return market.index().map(index -> metrics.timeMatching(() -> index.match(match, now, config.siteStaleAfter(), rates)))
                    .chain(found -> {
                        RenderedOptions options = RenderedOptions.of(found.stream().map(this::toView).toList());
                        Quote quote = new Quote();
                        quote.id = Ids.newId("qt");
                        quote.tenantId = tenantId;
                        quote.request = QuoteJson.write(request);
                        quote.options = options.json();
                        quote.currency = match.currency().getCurrencyCode();
                        quote.ratesDate = rates.date();
                        quote.status = Quote.OPEN;
                        quote.createdAt = now;
                        quote.expiresAt = now.plus(config.quoteTtl());
                        return writer.write(quote).map(written -> toView(quote, options, rates))
                                .invoke(() -> metrics.quoteAnswered(options.size()));
                    });
        });
    }

    /** The tenant's own quote; another tenant's quote is as absent as one that never existed. */
    @WithSession
    public Uni<QuoteView> find(String tenantId, String quoteId) {
        return ownQuote(tenantId, quoteId).chain(quote -> exchangeRates.rates()
                .map(rates -> toView(quote, RenderedOptions.stored(quote.options), rates)));
    }

    /**
     * The option a booking asks for, if the quote is the tenant's and still open. Expiry is judged
     * by the quote's own {@code expiresAt}, so the job that marks quotes expired cannot race a
     * booking. On the SQL client: the booking's reads and writes go there, not through Hibernate
     * (ADR 0014).
     */
    public Uni<QuoteOptionView> bookableOption(SqlConnection connection, String tenantId, String quoteId, int rank) {
        return connection.preparedQuery("select options, status, expires_at from quote where id = $1 and tenant_id = $2")
                .execute(Tuple.of(quoteId, tenantId)).map(rows -> {
                    if (rows.size() == 0) throw ProblemException.notFound("quote " + quoteId);
                    Row quote = rows.iterator().next();
                    Instant expiresAt = quote.getOffsetDateTime("expires_at").toInstant();
                    if (!Quote.isBookable(quote.getString("status"), expiresAt, clock.instant())) {
                        throw new ProblemException(ProblemType.QUOTE_EXPIRED, "quote " + quoteId + " expired at " + expiresAt);
                    }
                    return QuoteJson.option(quote.getString("options"), rank)
                            .orElseThrow(() -> ProblemException.invalid("optionRank", "quote " + quoteId + " has no option " + rank));
                });
    }

    /** Marks open quotes past their expiry as expired; returns how many. */
    public Uni<Integer> expireDue(Instant now) {
        return quotes.update("status = ?1 where status = ?2 and expiresAt <= ?3", Quote.EXPIRED, Quote.OPEN, now);
    }

    /** Deletes the quotes nobody booked that expired longer than the retention ago (ADR 0015); returns how many. */
    public Uni<Long> deletePastRetention(Instant now) {
        return retention.prune(now.minus(config.quoteRetention()));
    }

    private Uni<Quote> ownQuote(String tenantId, String quoteId) {
        return quotes.find("id = ?1 and tenantId = ?2", quoteId, tenantId).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("quote " + quoteId));
    }

    /** The options are passed in with their JSON ({@link RenderedOptions}), so neither a new nor a stored quote is serialized or parsed twice. */
    private QuoteView toView(Quote quote, List<QuoteOptionView> options, ExchangeRates rates) {
        Map<String, BigDecimal> table = new TreeMap<>();
        rates.unitsPerBase().forEach((currency, rate) -> table.put(currency.getCurrencyCode(), rate));
        return new QuoteView(quote.id, quote.createdAt, quote.expiresAt, quote.currency,
                new QuoteView.ExchangeRatesView(rates.date(), rates.base().getCurrencyCode(), table), options);
    }

    private QuoteOptionView toView(QuoteOption option) {
        List<QuoteLeg> legs = option.legs().stream().map(this::toView).toList();
        Leg first = option.legs().get(0);
        return new QuoteOptionView(option.rank(), option.total().amount(), option.total().currency().getCurrencyCode(),
                Slots.startOf(first.startHour()), Slots.startOf(first.endHour()), option.reason(), legs);
    }

    private QuoteLeg toView(Leg leg) {
        var site = market.site(leg.siteId()).orElseThrow();
        var snapshot = site.snapshot();
        return new QuoteLeg(leg.offerId(), leg.partnerId(), site.code(), site.name(), snapshot.country(),
                snapshot.jurisdiction().code(), leg.gpuModel().code(), leg.gpuCount(), Slots.startOf(leg.startHour()),
                Slots.startOf(leg.endHour()), leg.offerCurrencyTotal().currency().getCurrencyCode(), leg.unitPrice(),
                leg.offerCurrencyTotal().amount(), leg.total().amount(), leg.requiresConfirmation());
    }
}

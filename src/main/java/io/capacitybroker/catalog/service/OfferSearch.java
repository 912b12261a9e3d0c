package io.capacitybroker.catalog.service;

import io.capacitybroker.catalog.api.OfferPage;
import io.capacitybroker.catalog.api.OfferView;
import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.catalog.store.OfferRepository;
import io.capacitybroker.catalog.store.SiteRepository;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.Rows;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.money.ExchangeRateStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Catalogue search, answered by the database: it is the authority on what is published, and a
 * browsing tenant wants exact paging more than microseconds (quotes use the in-memory index).
 * Only live offers of sites with fresh heartbeats are listed, cheapest first (in US dollars).
 */
@ApplicationScoped
public class OfferSearch {
    @Inject OfferRepository offers;
    @Inject SiteRepository sites;
    @Inject ExchangeRateStore exchangeRates;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @WithSession
    public Uni<OfferPage> search(OfferFilter filter) {
        Instant now = clock.instant();
        return exchangeRates.rates().chain(rates -> {
            if (!rates.supports(filter.currency())) {
                throw ProblemException.invalid("currency", "the broker has no exchange rate for " + filter.currency());
            }
            Map<String, Object> params = new LinkedHashMap<>();
            String where = where(filter, now, params, rates.factor(filter.currency(), rates.base()).orElseThrow());
            String from = " from offer o join site s on s.id = o.site_id join exchange_rate fx on fx.currency = o.currency ";
            return Panache.getSession().chain(session -> {
                var count = session.createNativeQuery("select count(*)" + from + where, Object.class);
                var page = session.createNativeQuery("select o.id" + from + where
                        + " order by o.unit_price / fx.units_per_usd, o.id", Object.class);
                params.forEach((k, v) -> {
                    count.setParameter(k, v);
                    page.setParameter(k, v);
                });
                page.setFirstResult(filter.page() * filter.size()).setMaxResults(filter.size());
                return count.getSingleResult().chain(total -> page.getResultList()
                        .chain(ids -> load(ids.stream().map(Rows::uuid).toList()))
                        .map(items -> new OfferPage(items, filter.page(), filter.size(), Rows.longValue(total))));
            });
        });
    }

    private Uni<List<OfferView>> load(List<UUID> ids) {
        if (ids.isEmpty()) return Uni.createFrom().item(List.of());
        return offers.list("id in ?1", ids).chain(found -> {
            Map<UUID, Offer> byId = found.stream().collect(Collectors.toMap(o -> o.id, Function.identity()));
            List<UUID> siteIds = found.stream().map(o -> o.siteId).distinct().toList();
            return sites.list("id in ?1", siteIds).map(siteList -> {
                Map<UUID, Site> siteById = siteList.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
                return ids.stream().map(byId::get).map(o -> CatalogMapper.toView(o, siteById.get(o.siteId))).toList();
            });
        });
    }

    /** Builds the WHERE clause; every value is a bound parameter, never spliced into the SQL. */
    private String where(OfferFilter f, Instant now, Map<String, Object> params, BigDecimal usdPerFilterUnit) {
        List<String> clauses = new ArrayList<>();
        clauses.add("o.status = 'LIVE' and s.last_heartbeat >= :freshSince");
        params.put("freshSince", now.minus(config.siteStaleAfter()));
        in(clauses, params, "o.gpu_model", "models", f.gpuModels(), true);
        in(clauses, params, "s.country", "countries", f.countries(), true);
        in(clauses, params, "s.country", "notCountries", f.excludedCountries(), false);
        in(clauses, params, "s.jurisdiction", "jurisdictions", f.jurisdictions(), true);
        in(clauses, params, "s.jurisdiction", "notJurisdictions", f.excludedJurisdictions(), false);
        int i = 0;
        for (String cert : f.certifications()) {
            clauses.add(":cert" + i + " = any(s.certifications)");
            params.put("cert" + i++, cert);
        }
        if (f.minGpus() != null) {
            clauses.add("o.total_gpus >= :minGpus");
            params.put("minGpus", f.minGpus());
        }
        if (f.maxPrice() != null) {
            // Both sides in US dollars, with the broker's rate table: unit / units_per_usd.
            clauses.add("o.unit_price / fx.units_per_usd <= :maxUsd");
            params.put("maxUsd", f.maxPrice().multiply(usdPerFilterUnit));
        }
        if (f.from() != null) {
            clauses.add("o.window_start <= :from and o.window_end > :from");
            params.put("from", f.from());
        }
        if (f.until() != null) {
            clauses.add("o.window_end >= :until");
            params.put("until", f.until());
        }
        return " where " + String.join(" and ", clauses);
    }

    private static void in(List<String> clauses, Map<String, Object> params, String column, String name,
                           Collection<String> values, boolean include) {
        if (values.isEmpty()) return;
        clauses.add(column + (include ? " in (:" : " not in (:") + name + ")");
        params.put(name, List.copyOf(values));
    }
}

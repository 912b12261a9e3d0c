package io.capacitybroker.catalog.service;

import io.capacitybroker.catalog.api.OfferView;
import io.capacitybroker.catalog.api.SiteCapacityView;
import io.capacitybroker.catalog.api.SiteView;
import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.catalog.store.OfferRepository;
import io.capacitybroker.catalog.store.SiteRepository;
import io.capacitybroker.ledger.CapacityLedger;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.DailyGpuHours;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What one partner has in the catalogue, read for the partner itself: sites, offers, capacity. */
@ApplicationScoped
public class PartnerInventory {
    @Inject SiteRepository sites;
    @Inject OfferRepository offers;
    @Inject CapacityLedger ledger;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @WithSession
    public Uni<List<SiteView>> sites(String partnerId) {
        Instant now = clock.instant();
        return sites.list("partnerId", Sort.by("code"), partnerId)
                .map(list -> list.stream().map(site -> CatalogMapper.toView(site, now, config.siteStaleAfter())).toList());
    }

    /** Every offer of the partner, live and withdrawn, by site and offer id. */
    @WithSession
    public Uni<List<OfferView>> offers(String partnerId) {
        return sitesById(partnerId).chain(byId -> offersOf(byId).map(list -> list.stream()
                .sorted(Comparator.comparing((Offer o) -> byId.get(o.siteId).code).thenComparing(o -> o.code))
                .map(offer -> CatalogMapper.toView(offer, byId.get(offer.siteId))).toList()));
    }

    /**
     * Per site, per UTC day of [{@code from}, {@code from + days}): the GPU-hours its live offers
     * put on sale, and the GPU-hours held or booked on the ledger (also on withdrawn offers, whose
     * reservations stand).
     */
    @WithSession
    public Uni<List<SiteCapacityView>> capacityPerDay(String partnerId, LocalDate from, int days) {
        return sitesById(partnerId).chain(byId -> offersOf(byId).chain(all -> Panache.getSession().chain(session ->
                DailyGpuHours.sum(session, """
                                select cast(o.site_id as text) as series, o.window_start as start_at, o.window_end as end_at,
                                       o.total_gpus as gpus
                                from offer o join site s on s.id = o.site_id
                                where s.partner_id = :partner and o.status = 'LIVE'""", Map.of("partner", partnerId), from, days)
                        .chain(onSale -> ledger.committedPerDay(session, all.stream().map(o -> o.id).toList(), from, days)
                                .map(committedByOffer -> byId.values().stream()
                                        .sorted(Comparator.comparing((Site site) -> site.code))
                                        .map(site -> new SiteCapacityView(site.code, site.name,
                                                onSale.getOrDefault(site.id.toString(), new TreeMap<>()),
                                                committedAt(site, all, committedByOffer)))
                                        .toList())))));
    }

    private static SortedMap<LocalDate, BigDecimal> committedAt(Site site, List<Offer> all,
                                                               Map<String, SortedMap<LocalDate, BigDecimal>> byOffer) {
        SortedMap<LocalDate, BigDecimal> total = new TreeMap<>();
        all.stream().filter(o -> o.siteId.equals(site.id))
                .map(o -> byOffer.getOrDefault(o.id.toString(), new TreeMap<>()))
                .forEach(perDay -> perDay.forEach((day, hours) -> total.merge(day, hours, BigDecimal::add)));
        return total;
    }

    private Uni<Map<UUID, Site>> sitesById(String partnerId) {
        return sites.list("partnerId", partnerId)
                .map(list -> list.stream().collect(Collectors.toMap(s -> s.id, Function.identity())));
    }

    private Uni<List<Offer>> offersOf(Map<UUID, Site> byId) {
        return byId.isEmpty() ? Uni.createFrom().item(List.of()) : offers.list("siteId in ?1", byId.keySet());
    }
}

package io.capacitybroker.catalog.service;

import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import io.capacitybroker.catalog.api.PriceTierBody;
import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.OfferStatus;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.matching.OfferSnapshot;
import io.capacitybroker.matching.PriceCard;
import io.capacitybroker.matching.PriceTier;
import io.capacitybroker.matching.SiteSnapshot;
import io.capacitybroker.platform.time.Slots;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The catalogue as the matching engine sees it: sites and live offers as immutable snapshots.
 * Everything is read in the caller's session; this class only translates.
 */
@ApplicationScoped
public class MarketFeed {

    /** A site for the engine, with the names people see in quotes beside it. */
    public record MarketSite(SiteSnapshot snapshot, String partnerId, String code, String name) {}

    public Uni<List<MarketSite>> allSites(Mutiny.Session session) {
        return session.createQuery("from Site", Site.class).getResultList()
                .map(sites -> sites.stream().map(MarketFeed::marketSite).toList());
    }

    public Uni<List<OfferSnapshot>> allLiveOffers(Mutiny.Session session) {
        return session.createQuery("from Offer where status = :live", Offer.class)
                .setParameter("live", OfferStatus.LIVE)
                .getResultList()
                .map(offers -> offers.stream().map(MarketFeed::snapshot).toList());
    }

    public Uni<List<MarketSite>> sites(Mutiny.Session session, Collection<UUID> siteIds) {
        return session.createQuery("from Site where id in (:ids)", Site.class)
                .setParameter("ids", siteIds)
                .getResultList()
                .map(sites -> sites.stream().map(MarketFeed::marketSite).toList());
    }

    /** Those of the offers that are live; withdrawn or unknown ones are simply absent. */
    public Uni<List<OfferSnapshot>> liveOffers(Mutiny.Session session, Collection<UUID> offerIds) {
        return session.createQuery("from Offer where id in (:ids) and status = :live", Offer.class)
                .setParameter("ids", offerIds)
                .setParameter("live", OfferStatus.LIVE)
                .getResultList()
                .map(offers -> offers.stream().map(MarketFeed::snapshot).toList());
    }

    private static MarketSite marketSite(Site site) {
        return new MarketSite(snapshot(site), site.partnerId, site.code, site.name);
    }

    static SiteSnapshot snapshot(Site site) {
        return new SiteSnapshot(site.id.toString(), site.partnerId, site.country,
                Jurisdiction.fromCode(site.jurisdiction),
                codes(site.certifications, Certification::fromCode, Certification.class),
                codes(site.sovereignty, SovereigntyAttribute::fromCode, SovereigntyAttribute.class),
                site.reliability.doubleValue(), site.lastHeartbeat);
    }

    static OfferSnapshot snapshot(Offer offer) {
        List<PriceTier> tiers = PriceTiers.fromJson(offer.priceTiers).stream()
                .map((PriceTierBody t) -> new PriceTier(t.minHours(), t.pricePerGpuHour()))
                .toList();
        return new OfferSnapshot(offer.id.toString(), offer.siteId.toString(), GpuModel.fromCode(offer.gpuModel),
                offer.gpusPerNode, offer.totalGpus, Slots.hourOf(offer.windowStart), Slots.hourOf(offer.windowEnd),
                new PriceCard(Currency.getInstance(offer.currency), offer.unitPrice, tiers), offer.minTermHours,
                offer.minGpus, offer.requiresConfirmation);
    }

    private static <E extends Enum<E>> Set<E> codes(String[] codes, Function<String, E> parse,
                                                    Class<E> type) {
        return Arrays.stream(codes).map(parse).collect(Collectors.toCollection(() -> EnumSet.noneOf(type)));
    }
}

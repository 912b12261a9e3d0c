package io.capacitybroker.catalog.service;

import io.capacitybroker.catalog.api.OfferRequest;
import io.capacitybroker.catalog.api.PublishResult;
import io.capacitybroker.catalog.api.SiteRequest;
import io.capacitybroker.catalog.api.SiteView;
import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.OfferStatus;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.catalog.store.CatalogAudit;
import io.capacitybroker.catalog.store.OfferRepository;
import io.capacitybroker.catalog.store.SiteRepository;
import io.capacitybroker.ledger.CapacityLedger;
import io.capacitybroker.ledger.SlotConflict;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.db.ChangeNotifier;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.capacitybroker.platform.error.Violations;
import io.capacitybroker.platform.money.ExchangeRateStore;
import io.capacitybroker.platform.time.Slots;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What partners do to the catalogue: register sites, publish and withdraw offers, send
 * heartbeats. Each call is one transaction that also records who did it and tells every replica.
 */
@ApplicationScoped
public class CatalogService {
    @Inject SiteRepository sites;
    @Inject OfferRepository offers;
    @Inject CapacityLedger ledger;
    @Inject CatalogAudit audit;
    @Inject ChangeNotifier notifier;
    @Inject ExchangeRateStore exchangeRates;
    @Inject BrokerConfig config;
    @Inject Clock clock;

    @WithTransaction
    public Uni<SiteView> registerSite(String partnerId, String siteCode, SiteRequest request, String actor) {
        Violations violations = new Violations();
        CatalogValidation.key(violations, "siteId", siteCode);
        CatalogValidation.site(violations, request);
        violations.throwIfAny();
        Instant now = clock.instant();
        return ensurePartner(partnerId, now)
                .chain(() -> sites.findByCode(partnerId, siteCode))
                .chain(existing -> {
                    Site site = existing != null ? existing : newSite(partnerId, siteCode, now);
                    site.name = request.name();
                    site.country = request.country();
                    site.region = request.region();
                    site.jurisdiction = request.jurisdiction();
                    site.certifications = request.certifications().toArray(String[]::new);
                    site.sovereignty = request.sovereignty().toArray(String[]::new);
                    site.updatedAt = now;
                    return sites.persist(site);
                })
                .call(site -> Panache.getSession().chain(s -> audit.record(s, now, actor, "site", site.id.toString(),
                        "registered", site.name).chain(() -> notifier.siteChanged(s, site.id))))
                .map(site -> CatalogMapper.toView(site, now, config.siteStaleAfter()));
    }

    @WithTransaction
    public Uni<SiteView> heartbeat(String partnerId, String siteCode) {
        Instant now = clock.instant();
        return requireSite(partnerId, siteCode)
                .invoke(site -> site.lastHeartbeat = now)
                .call(site -> Panache.getSession().chain(s -> notifier.siteChanged(s, site.id)))
                .map(site -> CatalogMapper.toView(site, now, config.siteStaleAfter()));
    }

    @WithTransaction
    public Uni<PublishResult> publishOffer(String partnerId, String siteCode, String offerCode, OfferRequest request,
                                           String actor) {
        Instant now = clock.instant();
        return exchangeRates.rates().chain(rates -> {
            Violations violations = new Violations();
            CatalogValidation.key(violations, "offerId", offerCode);
            CatalogValidation.offer(violations, request, now, rates);
            violations.throwIfAny();
            return requireSite(partnerId, siteCode);
        }).chain(site -> offers.findByCodeForUpdate(site.id, offerCode).chain(existing -> {
            if (existing != null && request.sequence() <= existing.sequence) {
                return ignored(site, existing, actor, now, request.sequence());
            }
            Offer offer = existing != null ? existing : newOffer(site.id, offerCode);
            return resizeLedger(offer, existing != null, request, now)
                    .chain(() -> {
                        apply(offer, request, now);
                        return offers.persist(offer);
                    })
                    .call(saved -> Panache.getSession().chain(s -> audit.record(s, now, actor, "offer",
                                    saved.id.toString(), "published", "sequence " + saved.sequence)
                            .chain(() -> notifier.offerChanged(s, saved.id))))
                    .map(saved -> new PublishResult(PublishResult.APPLIED, saved.sequence, CatalogMapper.toView(saved, site)));
        }));
    }

    /**
     * Withdraws an offer from sale. Reservations already made on it stand: the partner committed
     * to them. A sequence, when given, must be newer than the stored one, as for a publish.
     */
    @WithTransaction
    public Uni<PublishResult> withdrawOffer(String partnerId, String siteCode, String offerCode, Long sequence,
                                            String actor) {
        Instant now = clock.instant();
        return requireSite(partnerId, siteCode)
                .chain(site -> offers.findByCodeForUpdate(site.id, offerCode).chain(offer -> {
                    if (offer == null) return Uni.createFrom().failure(ProblemException.notFound("offer " + offerCode));
                    if (sequence != null && sequence <= offer.sequence) return ignored(site, offer, actor, now, sequence);
                    offer.status = OfferStatus.WITHDRAWN;
                    if (sequence != null) offer.sequence = sequence;
                    return Panache.getSession()
                            .chain(s -> audit.record(s, now, actor, "offer", offer.id.toString(), "withdrawn",
                                    "sequence " + offer.sequence).chain(() -> notifier.offerChanged(s, offer.id)))
                            .replaceWith(new PublishResult(PublishResult.APPLIED, offer.sequence, CatalogMapper.toView(offer, site)));
                }));
    }

    private Uni<PublishResult> ignored(Site site, Offer offer, String actor, Instant now, long sequence) {
        return Panache.getSession()
                .chain(s -> audit.record(s, now, actor, "offer", offer.id.toString(), "ignored",
                        "sequence " + sequence + " is not newer than " + offer.sequence))
                .replaceWith(new PublishResult(PublishResult.IGNORED, offer.sequence, CatalogMapper.toView(offer, site)));
    }

    /** Future slots take the new capacity, unless that would strand held or booked GPUs. */
    private Uni<Void> resizeLedger(Offer offer, boolean exists, OfferRequest request, Instant now) {
        if (!exists) return Uni.createFrom().voidItem();
        Instant currentSlot = Slots.startOf(Slots.hourOf(now));
        return Panache.getSession()
                .chain(s -> ledger.resize(s, offer.id, request.totalGpus(), request.availableFrom(),
                        request.availableUntil(), currentSlot))
                .invoke(conflicts -> {
                    if (!conflicts.isEmpty()) throw belowCommitments(conflicts);
                })
                .replaceWithVoid();
    }

    private static ProblemException belowCommitments(List<SlotConflict> conflicts) {
        return new ProblemException(ProblemType.CAPACITY_BELOW_COMMITMENTS,
                conflicts.size() + " slot(s) hold or book more GPUs than the new offer allows; first at "
                        + conflicts.get(0).slotStart(),
                List.of(), Map.of("conflicts", conflicts));
    }

    private static void apply(Offer offer, OfferRequest request, Instant now) {
        offer.gpuModel = request.gpuModel();
        offer.gpusPerNode = request.gpusPerNode();
        offer.totalGpus = request.totalGpus();
        offer.windowStart = request.availableFrom();
        offer.windowEnd = request.availableUntil();
        offer.currency = request.currency();
        offer.unitPrice = request.pricePerGpuHour();
        offer.priceTiers = PriceTiers.toJson(request.tiers());
        offer.minTermHours = request.minTermHours();
        offer.minGpus = request.minGpus();
        offer.requiresConfirmation = request.requiresConfirmation();
        offer.sequence = request.sequence();
        offer.status = OfferStatus.LIVE;
        offer.publishedAt = now;
    }

    /** The caller's own site; unknown sites and other partners' sites are both 404. */
    public Uni<Site> requireSite(String partnerId, String siteCode) {
        return sites.findByCode(partnerId, siteCode)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("site " + siteCode));
    }

    /** Partners are onboarded by their first site until the admin API exists; races are harmless. */
    private Uni<Void> ensurePartner(String partnerId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "insert into partner (id, name, created_at) values (:id, :id, :now) on conflict (id) do nothing")
                        .setParameter("id", partnerId)
                        .setParameter("now", now)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static Site newSite(String partnerId, String code, Instant now) {
        Site site = new Site();
        site.id = UUID.randomUUID();
        site.partnerId = partnerId;
        site.code = code;
        site.createdAt = now;
        site.reliability = BigDecimal.ONE.setScale(3);
        return site;
    }

    private static Offer newOffer(UUID siteId, String code) {
        Offer offer = new Offer();
        offer.id = UUID.randomUUID();
        offer.siteId = siteId;
        offer.code = code;
        return offer;
    }
}

package io.capacitybroker.catalog.demo;

import io.capacitybroker.billing.payout.PayoutAccounts;
import io.capacitybroker.catalog.api.OfferRequest;
import io.capacitybroker.catalog.api.PriceTierBody;
import io.capacitybroker.catalog.api.SiteRequest;
import io.capacitybroker.catalog.service.CatalogService;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.vertx.SafeContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Demo partners and offers for the run command (profile {@code demo}): a GMI Cloud / Magna AI
 * factory in Taiwan, a Singtel site in Singapore and a sovereign EU site in Frankfurt. They go
 * through the same service as a partner's API call, and their heartbeats keep coming while the
 * demo runs, as a real site's would.
 */
@ApplicationScoped
public class DemoCatalog {
    private static final Logger LOG = Logger.getLogger(DemoCatalog.class);
    private static final String ACTOR = "system:demo";

    /** {@code payoutAccount}: the partner's Stripe Connect account (any acct_ id does for the local stand-in). */
    record DemoSite(String partnerId, String siteId, SiteRequest site, List<DemoOffer> offers, String payoutAccount) {}

    record DemoOffer(String offerId, String gpuModel, int gpus, String currency, String price, boolean confirm,
                     List<PriceTierBody> tiers) {}

    static final List<DemoSite> SITES = List.of(
            new DemoSite("gmi-magna", "tpe-1", new SiteRequest("GMI Cloud / Magna AI factory, Taipei", "TW", "Taipei",
                    "TW", List.of("ISO-27001", "SOC2-TYPE2"), List.of("national-operator", "data-residency")), List.of(
                    new DemoOffer("h100-pool", "H100-SXM-80GB", 256, "TWD", "92.00", false,
                            List.of(new PriceTierBody(168, new BigDecimal("85.00")), new PriceTierBody(720, new BigDecimal("78.00")))),
                    new DemoOffer("h200-pool", "H200-141GB", 128, "USD", "3.40", true, List.of())), "acct_demoGmiMagnaTw"),
            new DemoSite("singtel", "sg-1", new SiteRequest("Singtel AI factory, Singapore", "SG", "Singapore", "SG",
                    List.of("ISO-27001", "MTCS-SS584-L3"), List.of("national-operator", "data-residency")), List.of(
                    new DemoOffer("h100-pool", "H100-SXM-80GB", 128, "SGD", "4.20", true, List.of()),
                    new DemoOffer("l40s-pool", "L40S-48GB", 64, "SGD", "1.40", false, List.of())), "acct_demoSingtelSg"),
            new DemoSite("eu-sovereign", "fra-1", new SiteRequest("Sovereign EU site, Frankfurt", "DE", "Hesse", "EU",
                    List.of("ISO-27001", "BSI-C5"), List.of("data-residency", "confidential-computing")), List.of(
                    new DemoOffer("b200-pool", "B200-192GB", 64, "EUR", "5.10", false, List.of()),
                    new DemoOffer("mi300x-pool", "MI300X-192GB", 64, "EUR", "3.20", false, List.of())), "acct_demoEuSovereign"));

    @Inject CatalogService catalog;
    @Inject PayoutAccounts payoutAccounts;
    @Inject Clock clock;
    @Inject Vertx vertx;

    @Inject BrokerConfig config;

    void seed(@Observes StartupEvent event) {
        if (!config.demoEnabled()) return;
        Instant now = clock.instant();
        Instant from = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        // The time makes each start's publish newer than the last one, so a restart refreshes the window.
        long sequence = now.getEpochSecond();
        Uni<Void> seeding = Uni.createFrom().voidItem();
        for (DemoSite demo : SITES) {
            seeding = seeding.chain(() -> catalog.registerSite(demo.partnerId(), demo.siteId(), demo.site(), ACTOR))
                    .chain(() -> catalog.heartbeat(demo.partnerId(), demo.siteId()))
                    .chain(() -> payoutAccounts.set(demo.partnerId(), demo.payoutAccount(), ACTOR)).replaceWithVoid();
            for (DemoOffer offer : demo.offers()) {
                OfferRequest request = new OfferRequest(sequence, offer.gpuModel(), 8, offer.gpus(), from,
                        from.plus(Duration.ofDays(90)), offer.currency(), new BigDecimal(offer.price()), offer.tiers(), 1, 1,
                        offer.confirm());
                seeding = seeding.chain(() -> catalog.publishOffer(demo.partnerId(), demo.siteId(), offer.offerId(), request, ACTOR))
                        .replaceWithVoid();
            }
        }
        Uni<Void> all = seeding;
        SafeContext.run(vertx, () -> all).subscribe().with(ok -> LOG.infof("demo catalogue published: %d sites", SITES.size()),
                failure -> LOG.error("demo catalogue failed", failure));
    }

    @Scheduled(every = "60s", delayed = "60s")
    Uni<Void> heartbeats() {
        if (!config.demoEnabled()) return Uni.createFrom().voidItem();
        Uni<Void> beats = Uni.createFrom().voidItem();
        for (DemoSite demo : SITES) {
            beats = beats.chain(() -> catalog.heartbeat(demo.partnerId(), demo.siteId())).replaceWithVoid();
        }
        Uni<Void> all = beats;
        return SafeContext.run(vertx, () -> all);
    }
}

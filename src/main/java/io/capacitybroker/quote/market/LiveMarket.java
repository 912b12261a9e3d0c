package io.capacitybroker.quote.market;

import io.capacitybroker.catalog.service.MarketFeed;
import io.capacitybroker.catalog.service.MarketFeed.MarketSite;
import io.capacitybroker.ledger.CapacityLedger;
import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.platform.db.ChangeNotifier;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.platform.vertx.SafeContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's in-memory {@link OfferIndex} in step with the database. Every change to a
 * site, an offer or its ledger sends a PostgreSQL NOTIFY on commit (from any replica); this class
 * listens, collects the changed ids and reloads just those, in batches. A full reload runs at
 * start-up and after every (re)connection of the listener, so a notification missed while
 * disconnected cannot leave the index wrong for long. A stale index only makes a quote
 * optimistic: bookings are decided by the ledger.
 */
@ApplicationScoped
public class LiveMarket {
    private static final Logger LOG = Logger.getLogger(LiveMarket.class);
    /** Changes read per round; keeps each query's id list well below PostgreSQL's parameter limit. */
    static final int BATCH = 1000;

    @Inject Vertx vertx;
    @Inject Mutiny.SessionFactory sessions;
    @Inject MarketFeed feed;
    @Inject CapacityLedger ledger;
    @Inject Clock clock;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String databaseUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private final OfferIndex index = new OfferIndex();
    private final Map<UUID, MarketSite> sites = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile Uni<Void> loaded;
    private PgSubscriber subscriber;

    void start(@Observes StartupEvent event) {
        loaded = onContext(this::reloadAll)
                .onFailure().retry().withBackOff(Duration.ofMillis(200)).atMost(10)
                .memoize().indefinitely();
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl.replaceFirst("^vertx-reactive:", ""))
                .setUser(databaseUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 500L);
        subscriber.channel(ChangeNotifier.CHANNEL)
                .handler(this::changed)
                .subscribeHandler(() -> onContext(this::reloadAll).subscribe().with(
                        ok -> LOG.debug("market index reloaded after (re)subscribing"),
                        failure -> LOG.warn("market index reload failed", failure)));
        subscriber.connect().subscribe().with(ok -> LOG.info("listening for market changes"),
                failure -> LOG.error("cannot listen for market changes", failure));
        loaded.subscribe().with(ok -> LOG.infof("market index loaded: %d live offers", index.size()),
                failure -> LOG.error("market index failed to load", failure));
    }

    void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) subscriber.closeAndForget();
    }

    /** The index, once its first full load is done. */
    public Uni<OfferIndex> index() {
        return loaded.replaceWith(index);
    }

    /** People-facing names of a site the index knows. */
    public Optional<MarketSite> site(String siteId) {
        return Optional.ofNullable(sites.get(UUID.fromString(siteId)));
    }

    private void changed(String payload) {
        dirty.add(payload);
        if (draining.compareAndSet(false, true)) {
            onContext(this::drain).subscribe().with(ok -> {}, failure -> LOG.warn("market update failed", failure));
        }
    }

    /**
     * Applies up to {@link #BATCH} of the changes noted so far; the rest, and changes arriving
     * meanwhile, are picked up by the next round. A change is removed before it is read, so one
     * that arrives again during the read is read again, never lost.
     */
    private Uni<Void> drain() {
        Set<String> batch = dirty.stream().limit(BATCH).collect(Collectors.toSet());
        dirty.removeAll(batch);
        return sessions.withSession(session -> apply(session, batch))
                .eventually(() -> {
                    draining.set(false);
                    if (!dirty.isEmpty() && draining.compareAndSet(false, true)) {
                        onContext(this::drain).subscribe().with(ok -> {}, f -> LOG.warn("market update failed", f));
                    }
                });
    }

    /**
     * Reloads what changed with three queries per batch, however many changes piled up: sites,
     * live offers and their usage. Offers that are no longer live leave the index.
     */
    private Uni<Void> apply(Mutiny.Session session, Set<String> changes) {
        Set<UUID> siteIds = idsWithPrefix(changes, ChangeNotifier.SITE_PREFIX);
        Set<UUID> offerIds = idsWithPrefix(changes, ChangeNotifier.OFFER_PREFIX);
        Uni<Void> sitesDone = siteIds.isEmpty() ? Uni.createFrom().voidItem()
                : feed.sites(session, siteIds).invoke(found -> found.forEach(this::putSite)).replaceWithVoid();
        if (offerIds.isEmpty()) return sitesDone;
        return sitesDone
                .chain(() -> feed.liveOffers(session, offerIds))
                .chain(live -> ledger.usageOf(session, offerIds, usageHorizon()).invoke(usage -> {
                    Set<String> stillLive = new HashSet<>();
                    live.forEach(offer -> {
                        index.upsertOffer(offer);
                        index.replaceUsage(offer.offerId(), usage.getOrDefault(UUID.fromString(offer.offerId()), Map.of()));
                        stillLive.add(offer.offerId());
                    });
                    offerIds.stream().map(UUID::toString).filter(id -> !stillLive.contains(id)).forEach(index::removeOffer);
                }))
                .replaceWithVoid();
    }

    private static Set<UUID> idsWithPrefix(Set<String> changes, String prefix) {
        Set<UUID> ids = new HashSet<>();
        changes.stream().filter(c -> c.startsWith(prefix)).forEach(c -> ids.add(UUID.fromString(c.substring(prefix.length()))));
        return ids;
    }

    private Uni<Void> reloadAll() {
        return sessions.withSession(session -> feed.allSites(session)
                .invoke(all -> all.forEach(this::putSite))
                .chain(() -> feed.allLiveOffers(session))
                .chain(offers -> ledger.usageOfAll(session, usageHorizon()).invoke(usage -> {
                    Set<String> live = ConcurrentHashMap.newKeySet();
                    offers.forEach(offer -> {
                        index.upsertOffer(offer);
                        index.replaceUsage(offer.offerId(), usage.getOrDefault(UUID.fromString(offer.offerId()), Map.of()));
                        live.add(offer.offerId());
                    });
                    index.retainOffers(live);
                })))
                .replaceWithVoid();
    }

    private void putSite(MarketSite site) {
        sites.put(UUID.fromString(site.snapshot().siteId()), site);
        index.upsertSite(site.snapshot());
    }

    /** Slots that have begun are no longer sold, so their usage need not be held in memory. */
    private Instant usageHorizon() {
        return Slots.startOf(Slots.hourOf(clock.instant()));
    }

    private Uni<Void> onContext(Supplier<Uni<Void>> work) {
        return SafeContext.run(vertx, work);
    }
}

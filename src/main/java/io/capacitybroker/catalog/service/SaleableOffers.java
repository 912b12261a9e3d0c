package io.capacitybroker.catalog.service;

import io.capacitybroker.catalog.domain.Offer;
import io.capacitybroker.catalog.domain.OfferStatus;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** What a booking asks the catalogue before it takes GPUs: may this offer be sold now? */
@ApplicationScoped
public class SaleableOffers {
    @Inject BrokerConfig config;

    /** The site the offer is at and its GPUs, for the ledger. */
    public record SaleableOffer(UUID siteId, int capacity) {}

    /**
     * The offer if it is live and its site sends heartbeats, else a 409 {@code offer-not-bookable}.
     * The offer's row stays share-locked until the caller's transaction ends, so a withdrawal or a
     * resize waits for the booking. Loaded as entities rather than with one native select, whose plan
     * Hibernate Reactive would not reuse (docs/adr/0012-hot-path-persistence.md).
     */
    public Uni<SaleableOffer> lockForSale(Mutiny.Session session, UUID offerId, Instant now) {
        return session.find(Offer.class, offerId, LockModeType.PESSIMISTIC_READ).chain(offer -> {
            if (offer == null || offer.status != OfferStatus.LIVE) throw notSaleable(offerId, "the offer was withdrawn");
            return session.find(Site.class, offer.siteId).map(site -> {
                if (site == null || !site.isLive(now, config.siteStaleAfter())) {
                    throw notSaleable(offerId, "the site stopped sending heartbeats");
                }
                return new SaleableOffer(offer.siteId, offer.totalGpus);
            });
        });
    }

    private static ProblemException notSaleable(UUID offerId, String why) {
        return new ProblemException(ProblemType.OFFER_NOT_BOOKABLE, "offer " + offerId + " cannot be booked: " + why);
    }
}

package io.capacitybroker.catalog.store;

import io.capacitybroker.catalog.domain.Offer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

@ApplicationScoped
public class OfferRepository implements PanacheRepositoryBase<Offer, UUID> {
    /** The offer, locked against concurrent publishes and bookings of it until the transaction ends. */
    public Uni<Offer> findByCodeForUpdate(UUID siteId, String code) {
        return find("siteId = ?1 and code = ?2", siteId, code).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}

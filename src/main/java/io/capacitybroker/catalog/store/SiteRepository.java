package io.capacitybroker.catalog.store;

import io.capacitybroker.catalog.domain.Site;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class SiteRepository implements PanacheRepositoryBase<Site, UUID> {
    public Uni<Site> findByCode(String partnerId, String code) {
        return find("partnerId = ?1 and code = ?2", partnerId, code).firstResult();
    }
}

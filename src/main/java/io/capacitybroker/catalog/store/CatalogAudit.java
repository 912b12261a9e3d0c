package io.capacitybroker.catalog.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.hibernate.reactive.mutiny.Mutiny;

/** Appends who did what to the catalogue, in the same transaction as the change itself. */
@ApplicationScoped
public class CatalogAudit {
    public Uni<Void> record(Mutiny.Session session, Instant at, String actor, String entity, String entityId,
                            String action, String detail) {
        return session.createNativeQuery("""
                        insert into catalog_audit (at, actor, entity, entity_id, action, detail)
                        values (:at, :actor, :entity, :entityId, :action, :detail)""")
                .setParameter("at", at)
                .setParameter("actor", actor)
                .setParameter("entity", entity)
                .setParameter("entityId", entityId)
                .setParameter("action", action)
                .setParameter("detail", detail)
                .executeUpdate()
                .replaceWithVoid();
    }
}

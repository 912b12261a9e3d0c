package io.capacitybroker.platform.db;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Tells every replica that an offer, its site or its ledger changed. PostgreSQL delivers a
 * NOTIFY only when the transaction that sent it commits, so listeners never see a change that was
 * rolled back, and they see it on every replica, not only on the one that made it.
 */
@ApplicationScoped
public class ChangeNotifier {
    public static final String CHANNEL = "capacity_broker_market";
    public static final String OFFER_PREFIX = "offer:";
    public static final String SITE_PREFIX = "site:";

    public Uni<Void> offerChanged(Mutiny.Session session, UUID offerId) {
        return notify(session, OFFER_PREFIX + offerId);
    }

    /** The same for several offers, on the SQL client, one NOTIFY each in one pipelined statement (ADR 0014). */
    public Uni<Void> offersChanged(SqlConnection connection, Collection<UUID> offerIds) {
        return connection.preparedQuery("select pg_notify($1, $2)")
                .executeBatch(offerIds.stream().map(id -> Tuple.of(CHANNEL, OFFER_PREFIX + id)).toList())
                .replaceWithVoid();
    }

    public Uni<Void> siteChanged(Mutiny.Session session, UUID siteId) {
        return notify(session, SITE_PREFIX + siteId);
    }

    /**
     * Sent as an update, not a select, although it is one: Hibernate Reactive re-plans every native
     * select and piles the plans into its cache (docs/adr/0012-hot-path-persistence.md), and this
     * runs on every publish and booking. pg_notify returns void; there is no result to read.
     */
    private Uni<Void> notify(Mutiny.Session session, String payload) {
        return session.createNativeQuery("select pg_notify(:channel, :payload)")
                .setParameter("channel", CHANNEL)
                .setParameter("payload", payload)
                .executeUpdate()
                .replaceWithVoid();
    }
}

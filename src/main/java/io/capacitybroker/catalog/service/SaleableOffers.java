package io.capacitybroker.catalog.service;

import io.capacitybroker.catalog.domain.OfferStatus;
import io.capacitybroker.catalog.domain.Site;
import io.capacitybroker.platform.config.BrokerConfig;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.error.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What a booking asks the catalogue before it takes GPUs: may these offers be sold now? */
@ApplicationScoped
public class SaleableOffers {
    /** Offer rows in id order, the order every booking locks them in. */
    private static final String LOCK = """
            select o.id, o.status, s.last_heartbeat
              from offer o join site s on s.id = o.site_id
             where o.id = any($1)
             order by o.id
               for share of o""";

    @Inject BrokerConfig config;

    /**
     * Succeeds if every offer is live and its site sends heartbeats; else a 409
     * {@code offer-not-bookable}. The offer rows stay share-locked until the caller's transaction
     * ends, so a withdrawal or a resize waits for the booking. On the SQL client, as the first
     * statement of the booking's pipelined transaction (ADR 0014).
     */
    public Uni<Void> lockForSale(SqlConnection connection, List<UUID> offerIds, Instant now) {
        return connection.preparedQuery(LOCK).execute(Tuple.of(offerIds.toArray(UUID[]::new))).invoke(rows -> {
            Set<UUID> found = new HashSet<>();
            for (Row row : rows) {
                UUID offerId = row.getUUID("id");
                if (!OfferStatus.LIVE.name().equals(row.getString("status"))) {
                    throw notSaleable(offerId, "the offer was withdrawn");
                }
                OffsetDateTime heartbeat = row.getOffsetDateTime("last_heartbeat");
                if (!Site.isLive(heartbeat == null ? null : heartbeat.toInstant(), now, config.siteStaleAfter())) {
                    throw notSaleable(offerId, "the site stopped sending heartbeats");
                }
                found.add(offerId);
            }
            offerIds.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(missing -> {
                throw notSaleable(missing, "the offer was withdrawn");
            });
        }).replaceWithVoid();
    }

    private static ProblemException notSaleable(UUID offerId, String why) {
        return new ProblemException(ProblemType.OFFER_NOT_BOOKABLE, "offer " + offerId + " cannot be booked: " + why);
    }
}

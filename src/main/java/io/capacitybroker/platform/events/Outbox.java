package io.capacitybroker.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.platform.db.SqlTuples;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes an event into {@code outbox_event} inside the caller's transaction (ADR 0007): the event
 * exists exactly when the change it reports was committed. {@link OutboxRelay} publishes it later.
 * Never publish to Kafka directly from a transaction: that is a dual write.
 */
@ApplicationScoped
public class Outbox {
    @Inject ObjectMapper json;
    @Inject Clock clock;

    /** Appends an event that occurs now; returns its id, which becomes the CloudEvent id. */
    public Uni<UUID> append(Mutiny.Session session, String topic, String key, String type, String subject, Object data) {
        return append(session, topic, key, type, subject, data, clock.instant());
    }

    /** Appends an event that occurred at {@code occurredAt}, e.g. the time of the transition it reports. */
    public Uni<UUID> append(Mutiny.Session session, String topic, String key, String type, String subject, Object data,
                            Instant occurredAt) {
        return Uni.createFrom().deferred(() -> {
            UUID id = UUID.randomUUID();
            return session.createNativeQuery("""
                            insert into outbox_event (id, topic, key, type, subject, payload, occurred_at)
                            values (:id, :topic, :key, :type, :subject, cast(cast(:payload as text) as jsonb), :at)""")
                    .setParameter("id", id)
                    .setParameter("topic", topic)
                    .setParameter("key", key)
                    .setParameter("type", type)
                    .setParameter("subject", subject)
                    .setParameter("payload", payload(type, data))
                    .setParameter("at", occurredAt)
                    .executeUpdate()
                    .replaceWith(id);
        });
    }

    /** The same on the SQL client, for a transaction sent as one pipeline (ADR 0014). */
    public Uni<UUID> append(SqlConnection connection, String topic, String key, String type, String subject, Object data,
                            Instant occurredAt) {
        return Uni.createFrom().deferred(() -> {
            UUID id = UUID.randomUUID();
            return connection.preparedQuery("""
                            insert into outbox_event (id, topic, key, type, subject, payload, occurred_at)
                            values ($1, $2, $3, $4, $5, cast(cast($6 as text) as jsonb), $7)""")
                    .execute(SqlTuples.of(id, topic, key, type, subject, payload(type, data), SqlTuples.utc(occurredAt)))
                    .replaceWith(id);
        });
    }

    /** Bound as text and cast in SQL: a String bound straight to jsonb would be stored as a JSON string. */
    private String payload(String type, Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data of " + type + " is not JSON", e);
        }
    }
}

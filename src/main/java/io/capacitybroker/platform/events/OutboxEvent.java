package io.capacitybroker.platform.events;

import java.time.Instant;
import java.util.UUID;

/** One row of the outbox as the relay leases it; {@code payload} is the CloudEvent's data as JSON. */
public record OutboxEvent(UUID id, long position, String topic, String key, String type, String subject,
                          String payload, Instant occurredAt, int attempts) {}

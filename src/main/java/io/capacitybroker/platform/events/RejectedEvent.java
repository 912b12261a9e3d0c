package io.capacitybroker.platform.events;

/**
 * An inbound event that can never succeed as sent (not a CloudEvent, an unknown type, invalid data,
 * a refused business rule): it goes to the dead-letter topic with this message as the reason, and
 * is not retried.
 */
public class RejectedEvent extends RuntimeException {
    public RejectedEvent(String reason) {
        super(reason);
    }
}

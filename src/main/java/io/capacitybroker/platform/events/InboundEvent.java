package io.capacitybroker.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A CloudEvent received from a partner topic; {@code data} is null when the event has none. */
public record InboundEvent(String id, String source, String type, String subject, Instant time, JsonNode data) {

    /** The subject, which names the resource the event is about; refused when missing. */
    public String requireSubject() {
        if (subject == null || subject.isBlank()) throw new RejectedEvent(type + " needs a subject");
        return subject;
    }
}

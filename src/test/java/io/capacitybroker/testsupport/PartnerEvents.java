package io.capacitybroker.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** JSON CloudEvents as a partner site sends them to the broker's partner topics (docs/events.md). */
public final class PartnerEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PartnerEvents() {}

    /** A structured-mode CloudEvent with a fresh id; {@code data} may be null. */
    public static String event(String source, String type, String subject, Object data) {
        return event(UUID.randomUUID().toString(), source, type, subject, data);
    }

    public static String event(String id, String source, String type, String subject, Object data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", "2030-03-04T08:00:00Z");
        event.put("datacontenttype", "application/json");
        if (data != null) event.put("data", data);
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.capacitybroker.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON CloudEvents 1.0 in structured mode: the whole event is the Kafka record's value, with
 * content type {@value #CONTENT_TYPE}. The broker's own events have source {@value #SOURCE}.
 */
public final class CloudEvents {
    public static final String SPEC_VERSION = "1.0";
    public static final String SOURCE = "/capacity-broker";
    public static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final String DATA_CONTENT_TYPE = "application/json";

    private CloudEvents() {}

    /** The structured-mode CloudEvent of an outbox row. */
    public static String envelope(ObjectMapper json, OutboxEvent event) {
        ObjectNode node = json.createObjectNode();
        node.put("specversion", SPEC_VERSION);
        node.put("id", event.id().toString());
        node.put("source", SOURCE);
        node.put("type", event.type());
        node.put("subject", event.subject());
        node.put("time", event.occurredAt().toString());
        node.put("datacontenttype", DATA_CONTENT_TYPE);
        try {
            node.set("data", json.readTree(event.payload()));
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox event " + event.id() + " holds no valid JSON", e);
        }
    }

    /**
     * Reads a structured-mode CloudEvent from a partner. Anything that is not one (not JSON, another
     * spec version, a required attribute missing, data that is not JSON) is refused with the reason.
     */
    public static InboundEvent parse(ObjectMapper json, String value) {
        if (value == null || value.isBlank()) throw new RejectedEvent("not a CloudEvent: the record has no value");
        JsonNode node;
        try {
            node = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new RejectedEvent("not a CloudEvent: the value is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) throw new RejectedEvent("not a CloudEvent: the value is not a JSON object");
        String version = text(node, "specversion");
        if (!SPEC_VERSION.equals(version)) {
            throw new RejectedEvent("specversion must be " + SPEC_VERSION + ", was " + version);
        }
        String id = required(node, "id");
        String source = required(node, "source");
        String type = required(node, "type");
        String contentType = text(node, "datacontenttype");
        if (contentType != null && !contentType.startsWith(DATA_CONTENT_TYPE)) {
            throw new RejectedEvent("datacontenttype must be " + DATA_CONTENT_TYPE + ", was " + contentType);
        }
        if (node.has("data_base64")) throw new RejectedEvent("data_base64 is not accepted; send JSON in data");
        Instant time = null;
        String timeText = text(node, "time");
        if (timeText != null) {
            try {
                time = Instant.parse(timeText);
            } catch (DateTimeParseException e) {
                throw new RejectedEvent("time is not an RFC 3339 timestamp: " + timeText);
            }
        }
        JsonNode data = node.get("data");
        return new InboundEvent(id, source, type, text(node, "subject"), time,
                data == null || data.isNull() ? null : data);
    }

    private static String required(JsonNode node, String attribute) {
        String value = text(node, attribute);
        if (value == null || value.isBlank()) throw new RejectedEvent("the CloudEvent has no " + attribute);
        return value;
    }

    private static String text(JsonNode node, String attribute) {
        JsonNode value = node.get(attribute);
        return value == null || value.isNull() ? null : value.asText();
    }
}

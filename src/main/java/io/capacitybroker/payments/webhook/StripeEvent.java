package io.capacitybroker.payments.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/** A verified Stripe event: its id, its type and a snapshot of the object it is about ({@code data.object}). */
public record StripeEvent(String id, String type, JsonNode object) {

    public String objectId() {
        return object.path("id").asText(null);
    }

    /** A metadata value the broker put on the object, or null. */
    public String metadata(String key) {
        return object.path("metadata").path(key).asText(null);
    }
}

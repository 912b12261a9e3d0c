package io.capacitybroker.catalog.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capacitybroker.catalog.api.PriceTierBody;
import java.util.List;

/** Price tiers are stored as a small JSON array beside the offer. */
public final class PriceTiers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<PriceTierBody>> TYPE = new TypeReference<>() {};

    private PriceTiers() {}

    public static String toJson(List<PriceTierBody> tiers) {
        try {
            return JSON.writeValueAsString(tiers == null ? List.of() : tiers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<PriceTierBody> fromJson(String json) {
        try {
            return JSON.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored price tiers are not valid JSON", e);
        }
    }
}

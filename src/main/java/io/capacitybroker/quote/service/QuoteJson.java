package io.capacitybroker.quote.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.capacitybroker.quote.api.QuoteOptionView;
import java.util.List;

/** The JSON a quote keeps of its request and options. */
final class QuoteJson {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final TypeReference<List<QuoteOptionView>> OPTIONS = new TypeReference<>() {};

    private QuoteJson() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<QuoteOptionView> options(String json) {
        try {
            return JSON.readValue(json, OPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored quote options are not valid JSON", e);
        }
    }
}

package io.capacitybroker.quote.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.capacitybroker.quote.api.QuoteOptionView;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

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

    /**
     * The option of this rank, bound alone: the others are skipped token by token. A booking needs
     * one option of up to ten, and binding all of them was 5 % of its CPU under load.
     */
    static Optional<QuoteOptionView> option(String json, int rank) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) throw new IllegalStateException("stored quote options are not an array");
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                int start = (int) parser.currentTokenLocation().getCharOffset();
                // The writer puts "rank" first (QuoteOptionView's first component); anything else is read the slow way.
                if (parser.nextToken() != JsonToken.FIELD_NAME || !"rank".equals(parser.currentName())
                        || parser.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                    return options(json).stream().filter(o -> o.rank() == rank).findFirst();
                }
                boolean wanted = parser.getIntValue() == rank;
                skipToEndOfObject(parser);
                if (wanted) {
                    // Bound from its own text, so amounts keep their exact decimals.
                    int end = (int) parser.currentLocation().getCharOffset();
                    return Optional.of(JSON.readValue(json.substring(start, end), QuoteOptionView.class));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("stored quote options are not valid JSON", e);
        }
    }

    private static void skipToEndOfObject(JsonParser parser) throws IOException {
        for (int depth = 1; depth > 0; ) {
            JsonToken token = parser.nextToken();
            if (token.isStructStart()) depth++;
            else if (token.isStructEnd()) depth--;
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

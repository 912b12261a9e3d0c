package io.capacitybroker.quote.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.capacitybroker.quote.api.QuoteOptionView;
import java.io.IOException;
import java.util.AbstractList;
import java.util.List;

/**
 * A quote's options with their JSON, written once: the same text is stored in the quote's row and
 * sent in the answer, and a stored quote is answered without being parsed. The options are parsed
 * only when someone reads them as objects (the portal). Serializing the options twice per quote
 * cost about 8 % of its CPU under load (docs/performance.md).
 */
@JsonSerialize(using = RenderedOptions.AsStoredJson.class)
final class RenderedOptions extends AbstractList<QuoteOptionView> {
    private final String json;
    private List<QuoteOptionView> options;

    private RenderedOptions(String json, List<QuoteOptionView> options) {
        this.json = json;
        this.options = options;
    }

    static RenderedOptions of(List<QuoteOptionView> options) {
        return new RenderedOptions(QuoteJson.write(options), options);
    }

    static RenderedOptions stored(String json) {
        return new RenderedOptions(json, null);
    }

    String json() {
        return json;
    }

    @Override
    public QuoteOptionView get(int index) {
        return options().get(index);
    }

    @Override
    public int size() {
        return options().size();
    }

    private List<QuoteOptionView> options() {
        if (options == null) options = QuoteJson.options(json);
        return options;
    }

    /** Writes the stored text as it is: it is the JSON of these very options. */
    static final class AsStoredJson extends StdSerializer<RenderedOptions> {
        AsStoredJson() {
            super(RenderedOptions.class);
        }

        @Override
        public void serialize(RenderedOptions value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(value.json);
        }
    }
}

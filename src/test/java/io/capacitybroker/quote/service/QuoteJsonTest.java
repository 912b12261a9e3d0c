package io.capacitybroker.quote.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.quote.api.QuoteLeg;
import io.capacitybroker.quote.api.QuoteOptionView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QuoteJsonTest {
    private static final Instant START = Instant.parse("2031-03-01T10:00:00Z");

    private static QuoteOptionView option(int rank) {
        List<QuoteLeg> legs = IntStream.rangeClosed(1, rank).mapToObj(leg -> new QuoteLeg("offer-" + rank + "-" + leg, "gmi",
                "tpe-" + leg, "Taipei " + leg, "TW", "TW", "H100-SXM-80GB", 8, START, START.plusSeconds(4 * 3600), "TWD",
                new BigDecimal("64.50"), new BigDecimal("2064.00"), new BigDecimal("63.21"), leg % 2 == 0)).toList();
        return new QuoteOptionView(rank, new BigDecimal("63.21").multiply(BigDecimal.valueOf(rank)), "USD", START,
                START.plusSeconds(4 * 3600), "reason {\"with\": [\"brackets\"]} " + rank, legs);
    }

    @Test
    void oneOptionIsReadAloneAndEqualsWhatWasWritten() {
        List<QuoteOptionView> options = IntStream.rangeClosed(1, 10).mapToObj(QuoteJsonTest::option).toList();
        String json = QuoteJson.write(options);

        for (QuoteOptionView written : options) {
            assertThat(QuoteJson.option(json, written.rank())).contains(written);
        }
        assertThat(QuoteJson.option(json, 11)).isEmpty();
        assertThat(QuoteJson.option("[]", 1)).isEmpty();
    }

    @Test
    void optionsWrittenInAnotherPropertyOrderAreStillFound() {
        String json = QuoteJson.write(List.of(option(1), option(2))).replace("{\"rank\":2,", "{").replace("]}]", "],\"rank\":2}]");
        assertThat(json).doesNotContain("{\"rank\":2");

        assertThat(QuoteJson.option(json, 2)).contains(option(2));
    }
}

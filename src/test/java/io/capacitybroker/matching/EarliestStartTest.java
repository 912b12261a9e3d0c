package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.H0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 16-GPU offer over one week; the default request wants 8 GPUs for 24 h, starting within 48 h. */
class EarliestStartTest {
    private final OfferIndex index = new OfferIndex();

    @BeforeEach
    void market() {
        index.upsertSite(Fixtures.site("tw-1").build());
        index.upsertOffer(Fixtures.offer("o-1", "tw-1").build());
    }

    private List<QuoteOption> match() {
        return Fixtures.match(index, Fixtures.request().build());
    }

    @Test
    void aFreeOfferStartsAtTheRequestedEarliestStart() {
        assertThat(match()).singleElement().satisfies(option -> {
            assertThat(option.startHour()).isEqualTo(H0);
            assertThat(option.legs().get(0).endHour()).isEqualTo(H0 + 24);
        });
    }

    @Test
    void usageThatLeavesEnoughGpusDoesNotBlock() {
        index.replaceUsage("o-1", Map.of(H0, 8, H0 + 5, 8));

        assertThat(match().get(0).startHour()).isEqualTo(H0);
    }

    @Test
    void theStartMovesPastTheLastBlockingSlotOfTheInterval() {
        index.replaceUsage("o-1", Map.of(H0 + 3, 9, H0 + 10, 16));

        assertThat(match().get(0).startHour()).isEqualTo(H0 + 11);
    }

    @Test
    void aGapShorterThanTheDurationIsSkipped() {
        // Free from H0+1 to H0+20 (20 h, too short), then free from H0+21 on.
        index.replaceUsage("o-1", Map.of(H0, 16, H0 + 20, 16, H0 + 60, 16));

        assertThat(match().get(0).startHour()).isEqualTo(H0 + 21);
    }

    @Test
    void theWindowStartBoundsTheEarliestStart() {
        Fixtures.OfferBuilder later = Fixtures.offer("o-1", "tw-1");
        later.windowStart = H0 + 7;
        index.upsertOffer(later.build());

        assertThat(match().get(0).startHour()).isEqualTo(H0 + 7);
    }

    @Test
    void noStartAfterTheLatestStartIsOffered() {
        // The first free 24 h begin at H0+49, one hour after the latest start.
        Map<Long, Integer> usage = new HashMap<>();
        for (long h = H0; h <= H0 + 48; h += 12) usage.put(h, 16);
        index.replaceUsage("o-1", usage);

        assertThat(match()).isEmpty();
    }

    @Test
    void usageIsReplacedNotMerged() {
        index.replaceUsage("o-1", Map.of(H0, 16));
        index.replaceUsage("o-1", Map.of(H0 + 30, 16));

        assertThat(match().get(0).startHour()).isEqualTo(H0);
        assertThat(index.available("o-1", H0, H0 + 1)).hasValue(16);
    }

    @Test
    void usageGivenBeforeItsOfferIsApplied() {
        index.removeOffer("o-1");
        index.replaceUsage("o-1", Map.of(H0 + 2, 16));
        index.upsertOffer(Fixtures.offer("o-1", "tw-1").build());

        assertThat(match().get(0).startHour()).isEqualTo(H0 + 3);
    }

    @Test
    void availableIsTheMinimumOverTheSlots() {
        index.replaceUsage("o-1", Map.of(H0 + 1, 4, H0 + 2, 10));

        assertThat(index.available("o-1", H0, H0 + 1)).hasValue(16);
        assertThat(index.available("o-1", H0, H0 + 2)).hasValue(12);
        assertThat(index.available("o-1", H0, H0 + 3)).hasValue(6);
    }

    @Test
    void availableIsZeroOutsideTheWindowAndEmptyForAnUnknownOffer() {
        assertThat(index.available("o-1", H0 - 1, H0 + 1)).hasValue(0);
        assertThat(index.available("o-1", H0 + 7 * 24 - 1, H0 + 7 * 24 + 1)).hasValue(0);
        assertThat(index.available("nope", H0, H0 + 1)).isEmpty();
        assertThatThrownBy(() -> index.available("o-1", H0, H0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeUsageIsRefused() {
        assertThatThrownBy(() -> index.replaceUsage("o-1", Map.of(H0, -1))).isInstanceOf(IllegalArgumentException.class);
    }
}

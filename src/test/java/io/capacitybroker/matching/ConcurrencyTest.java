package io.capacitybroker.matching;

import static io.capacitybroker.matching.Fixtures.H0;
import static io.capacitybroker.matching.Fixtures.USD;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readers match while a writer flips one offer between two versions, flips its usage, and churns
 * other offers through the buckets. Each version alone gives a known (price, start) pair; a
 * pair that no single version gives would be a torn read.
 */
class ConcurrencyTest {
    private static final int WRITES = 20_000;
    private static final int READERS = 3;

    /** 8 GPUs at 2.00 from H0, or 16 GPUs at 3.00 from H0 + 10. */
    private static final OfferSnapshot SMALL_CHEAP = version(8, "2.00", H0);
    private static final OfferSnapshot LARGE_LATE = version(16, "3.00", H0 + 10);
    /** One GPU used at H0 + 5: blocks the 8-GPU version there, not the 16-GPU one. */
    private static final Map<Long, Integer> ONE_USED = Map.of(H0 + 5, 1);
    /** Dearer than both versions, so that the offer under test always ranks first. */
    private static final String CHURN_PRICE = "3.50";

    private static OfferSnapshot version(int gpus, String price, long windowStart) {
        Fixtures.OfferBuilder offer = Fixtures.offer("o-1", "tw-1").gpus(gpus).price(price, USD);
        offer.windowStart = windowStart;
        return offer.build();
    }

    @Test
    void readersNeverSeeAHalfAppliedOffer() throws Exception {
        OfferIndex index = new OfferIndex();
        index.upsertSite(Fixtures.site("tw-1").build());
        index.upsertOffer(SMALL_CHEAP);
        MatchRequest request = Fixtures.request().noPriceLimit().build();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    int reads = 0;
                    while (writing.get() || reads < 100) {
                        assertConsistent(Fixtures.match(index, request));
                        assertThat(index.available("o-1", H0 + 10, H0 + 11).orElseThrow()).isIn(8, 16);
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < WRITES; i++) {
                    index.upsertOffer(i % 2 == 0 ? LARGE_LATE : SMALL_CHEAP);
                    index.replaceUsage("o-1", i % 3 == 0 ? ONE_USED : Map.of());
                    String churn = "churn-" + (i % 50);
                    if (i % 4 == 0) index.removeOffer(churn);
                    else index.upsertOffer(Fixtures.offer(churn, "tw-1").price(CHURN_PRICE, USD).build());
                }
                writing.set(false);
                return null;
            });
            start.countDown();
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertConsistent(List<QuoteOption> options) {
        Leg leg = options.get(0).legs().get(0);
        assertThat(leg.offerId()).isEqualTo("o-1");
        BigDecimal price = leg.unitPrice();
        if (price.compareTo(new BigDecimal("2.00")) == 0) {
            assertThat(leg.startHour()).isIn(H0, H0 + 6);
        } else {
            assertThat(price).isEqualByComparingTo("3.00");
            assertThat(leg.startHour()).isEqualTo(H0 + 10);
        }
        assertThat(leg.total().amount()).isEqualByComparingTo(price.multiply(BigDecimal.valueOf(8 * 24)));
        for (QuoteOption other : options.subList(1, options.size())) {
            assertThat(other.legs().get(0).unitPrice()).isEqualByComparingTo(CHURN_PRICE);
        }
    }
}

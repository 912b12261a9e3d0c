package io.capacitybroker.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UsageProfileTest {

    @Test
    void earliestStartAgreesWithCheckingEveryHour() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Map<Long, Integer> used = new HashMap<>();
            for (int i = 0; i < 15; i++) used.put((long) random.nextInt(100), random.nextInt(5));
            UsageProfile usage = UsageProfile.of(used);
            int hours = 1 + random.nextInt(12);
            int maxUsed = random.nextInt(4);
            long from = random.nextInt(40);
            long to = from + random.nextInt(60);

            assertThat(usage.earliestStart(from, to, hours, maxUsed))
                    .as("round %d", round)
                    .isEqualTo(earliestStartHourByHour(used, from, to, hours, maxUsed));
        }
    }

    @Test
    void hoursAfterUseAreTheHoursFollowingUsedSlotsWithinTheRange() {
        UsageProfile usage = UsageProfile.of(Map.of(9L, 1, 10L, 2, 14L, 0, 20L, 3, 30L, 1));
        List<Long> hours = new ArrayList<>();

        usage.hoursAfterUse(10, 21, hours::add);

        assertThat(hours).containsExactly(10L, 11L, 21L);
    }

    private static long earliestStartHourByHour(Map<Long, Integer> used, long from, long to, int hours, int maxUsed) {
        for (long start = from; start <= to; start++) {
            boolean fits = true;
            for (long slot = start; slot < start + hours; slot++) {
                fits &= used.getOrDefault(slot, 0) <= maxUsed;
            }
            if (fits) return start;
        }
        return UsageProfile.NOT_FOUND;
    }
}

package io.capacitybroker.matching;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Held plus booked GPUs of one offer per slot hour, sparse and immutable: only slots with some
 * use are stored, sorted, so that searches jump from one used slot to the next instead of
 * walking every free hour.
 */
final class UsageProfile {
    static final UsageProfile NONE = new UsageProfile(new long[0], new int[0]);
    static final long NOT_FOUND = Long.MIN_VALUE;

    private final long[] slots;
    private final int[] used;

    private UsageProfile(long[] slots, int[] used) {
        this.slots = slots;
        this.used = used;
    }

    static UsageProfile of(Map<Long, Integer> usedGpusBySlotHour) {
        long[] slots = usedGpusBySlotHour.entrySet().stream()
                .filter(e -> Objects.requireNonNull(e.getValue(), "used GPUs") != 0)
                .mapToLong(e -> {
                    if (e.getValue() < 0) throw new IllegalArgumentException("negative use in slot " + e.getKey());
                    return e.getKey();
                })
                .sorted().toArray();
        int[] used = Arrays.stream(slots).mapToInt(slot -> usedGpusBySlotHour.get(slot)).toArray();
        return slots.length == 0 ? NONE : new UsageProfile(slots, used);
    }

    /**
     * The earliest start in [from, to] such that no slot of [start, start + hours) uses more than
     * {@code maxUsed}, or {@link #NOT_FOUND}. One pass over the used slots: a blocking slot moves
     * the candidate start to the hour after it, and the slots after it are the next to check.
     */
    long earliestStart(long from, long to, int hours, int maxUsed) {
        long start = from;
        for (int i = firstIndexAtOrAfter(from); i < slots.length && slots[i] < start + hours; i++) {
            if (used[i] > maxUsed) {
                start = slots[i] + 1;
                if (start > to) return NOT_FOUND;
            }
        }
        return start;
    }

    /** The most GPUs used in any slot of [start, end). */
    int maxUsed(long start, long end) {
        int max = 0;
        for (int i = firstIndexAtOrAfter(start); i < slots.length && slots[i] < end; i++) {
            max = Math.max(max, used[i]);
        }
        return max;
    }

    /** Feeds every hour in [from, to] that directly follows a used slot: where capacity may free up. */
    void hoursAfterUse(long from, long to, LongConsumer sink) {
        for (int i = firstIndexAtOrAfter(from - 1); i < slots.length && slots[i] + 1 <= to; i++) {
            sink.accept(slots[i] + 1);
        }
    }

    private int firstIndexAtOrAfter(long slot) {
        int i = Arrays.binarySearch(slots, slot);
        return i >= 0 ? i : -i - 1;
    }
}

package io.capacitybroker.platform.time;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The ledger's unit of time: one hour, UTC, identified by its epoch hour. */
public final class Slots {
    private static final long SECONDS_PER_HOUR = 3600;

    private Slots() {}

    public static long hourOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_HOUR);
    }

    public static Instant startOf(long epochHour) {
        return Instant.ofEpochSecond(epochHour * SECONDS_PER_HOUR);
    }

    public static boolean isHourAligned(Instant instant) {
        return instant.equals(instant.truncatedTo(ChronoUnit.HOURS));
    }

    /** The first slot that has not begun yet at {@code now}. */
    public static long nextHour(Instant now) {
        long hour = hourOf(now);
        return startOf(hour).equals(now) ? hour : hour + 1;
    }
}

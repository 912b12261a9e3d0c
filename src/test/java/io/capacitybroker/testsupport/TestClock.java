package io.capacitybroker.testsupport;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The broker's clock in tests: it stands still until a test moves it. Replaces the default clock bean. */
@Singleton
public class TestClock extends Clock {
    /** A fixed, whole-hour start, far enough ahead that nothing real interferes. */
    public static final Instant START = Instant.parse("2030-03-04T08:00:00Z");

    private volatile Instant now = START;

    public void set(Instant instant) { now = instant; }

    public void advance(Duration duration) { now = now.plus(duration); }

    @Override
    public Instant instant() { return now; }

    @Override
    public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override
    public Clock withZone(ZoneId zone) { return this; }
}

package io.capacitybroker.platform.db;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Reads the loosely typed columns of native query rows; drivers differ in what they hand back. */
public final class Rows {
    private Rows() {}

    public static Instant instant(Object value) {
        if (value == null) return null;
        if (value instanceof Instant i) return i;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        if (value instanceof Timestamp t) return t.toInstant();
        if (value instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC);
        throw new IllegalArgumentException("not a timestamp: " + value.getClass());
    }

    public static int integer(Object value) {
        return ((Number) value).intValue();
    }

    public static long longValue(Object value) {
        return ((Number) value).longValue();
    }

    public static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
    }

    public static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}

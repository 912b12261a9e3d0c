package io.capacitybroker.platform.db;

import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/** Parameters for statements sent on the SQL client directly (ADR 0012, 0014). */
public final class SqlTuples {
    private SqlTuples() {}

    /** A tuple that may hold nulls, in parameter order ($1, $2, ...). */
    public static Tuple of(Object... values) {
        return Tuple.from(Arrays.asList(values));
    }

    /** The SQL client binds {@code timestamptz} from an offset date-time, not from an {@link Instant}. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

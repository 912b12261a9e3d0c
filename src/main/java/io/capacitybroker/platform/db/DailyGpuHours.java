package io.capacitybroker.platform.db;

import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * GPU-hours per UTC day, summed in PostgreSQL from intervals during which some GPUs run: a
 * reservation, a ledger slot, a usage record. The caller's {@code source} is a query yielding the
 * columns {@code series} (text, e.g. a site id), {@code start_at}, {@code end_at} and {@code gpus}
 * (GPUs over the interval, may be fractional); an interval that crosses midnight counts on both
 * days by its overlap. Days are 24-hour steps from UTC midnight, whatever the session's time zone.
 */
public final class DailyGpuHours {
    private DailyGpuHours() {}

    /** Per series, per day of [{@code from}, {@code from + days}): the GPU-hours; days without any are absent. */
    public static Uni<Map<String, SortedMap<LocalDate, BigDecimal>>> sum(Mutiny.Session session, String source,
                                                                       Map<String, Object> params, LocalDate from, int days) {
        var query = session.createNativeQuery("""
                        select x.series, d.day,
                               sum(x.gpus * extract(epoch from least(x.end_at, d.day + interval '24 hours')
                                                            - greatest(x.start_at, d.day)) / 3600)
                        from generate_series(cast(:firstDay as timestamptz), cast(:lastDay as timestamptz), interval '24 hours') as d(day)
                        join (%s) x on x.start_at < d.day + interval '24 hours' and x.end_at > d.day
                        group by x.series, d.day""".formatted(source), Object[].class)
                .setParameter("firstDay", midnight(from))
                .setParameter("lastDay", midnight(from.plusDays(days - 1L)));
        params.forEach(query::setParameter);
        return query.getResultList().map(rows -> {
            Map<String, SortedMap<LocalDate, BigDecimal>> bySeries = new HashMap<>();
            for (Object[] row : rows) {
                LocalDate day = LocalDate.ofInstant(Rows.instant(row[1]), ZoneOffset.UTC);
                bySeries.computeIfAbsent(String.valueOf(row[0]), s -> new TreeMap<>()).put(day, Rows.decimal(row[2]));
            }
            return bySeries;
        });
    }

    private static Instant midnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}

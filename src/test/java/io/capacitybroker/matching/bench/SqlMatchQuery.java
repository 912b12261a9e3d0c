package io.capacitybroker.matching.bench;

import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.QuoteOption;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.GpuModel;
import io.capacitybroker.vocabulary.Jurisdiction;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link MatchRequest} answered by PostgreSQL over the catalogue and the ledger: the obvious
 * SQL, for the comparison with the in-memory engine. Single-offer options only (a split request
 * is refused), ranked like the engine ranks them, so that both can be checked to agree.
 *
 * <p>Not part of the application: the broker answers quotes from its in-memory index.
 */
final class SqlMatchQuery implements AutoCloseable {

    /** One option: the offer's code (the synthetic offer id), its earliest start, its total. */
    record Row(String offerCode, long startHour, BigDecimal total) {
        static Row of(QuoteOption option) {
            if (option.legs().size() != 1) throw new IllegalArgumentException("a split option has no single row");
            return new Row(option.legs().get(0).offerId(), option.startHour(), option.total().amount());
        }
    }

    /**
     * Parameters are written {@code :name} and bound by name. Three steps:
     * <ol>
     * <li>{@code candidate}: every constraint that does not depend on the start hour, as a
     *     catalogue search would write it (the partial index {@code offer_live_model} serves the
     *     model filter; the 500 sites are few);
     * <li>{@code placed}: each candidate's earliest start hour at which every slot of
     *     [start, start + hours) has enough GPUs free. Ledger rows are created lazily, so a missing
     *     row is a free slot; a start is feasible when NOT EXISTS a blocking row in its interval,
     *     a range probe of the primary key (offer_id, slot_start);
     * <li>the total in the request currency, ranked like the engine ranks options: total, start,
     *     model preference, site reliability (higher first), offer code.
     * </ol>
     */
    static final String SQL = """
            with candidate as (
                select o.id, o.code, o.gpu_model, s.reliability,
                       price.unit_price * target.units_per_usd / fx.units_per_usd as unit_price_in_request_currency,
                       greatest(:earliest_start::timestamptz, o.window_start) as first_start,
                       least(:latest_start::timestamptz, o.window_end - make_interval(hours => :hours::int)) as last_start
                  from offer o
                  join site s on s.id = o.site_id
                  join exchange_rate fx on fx.currency = o.currency
                  join exchange_rate target on target.currency = :currency::char(3)
                  -- The price for this duration: the tier with the largest minHours not above it, else the base price.
                  cross join lateral (
                       select coalesce((select (tier ->> 'pricePerGpuHour')::numeric
                                          from jsonb_array_elements(o.price_tiers::jsonb) tier
                                         where (tier ->> 'minHours')::int <= :hours::int
                                         order by (tier ->> 'minHours')::int desc
                                         limit 1),
                                       o.unit_price) as unit_price) price
                 where o.status = 'LIVE'
                   and o.gpu_model = any(:models::text[])
                   and (cardinality(:jurisdictions::text[]) = 0 or s.jurisdiction = any(:jurisdictions::text[]))
                   and (cardinality(:countries::text[]) = 0 or s.country::text = any(:countries::text[]))
                   and not s.country::text = any(:denied_countries::text[])
                   and s.certifications @> :certifications::text[]
                   and s.sovereignty @> :sovereignty::text[]
                   and s.last_heartbeat >= :fresh_since::timestamptz
                   and o.min_term_hours <= :hours::int
                   and o.min_gpus <= :gpus::int
                   and o.total_gpus >= :gpus::int
                   and (:max_unit_price::numeric is null
                        or price.unit_price * target.units_per_usd / fx.units_per_usd <= :max_unit_price::numeric)
            ),
            placed as (
                select c.*, earliest.start_at
                  from candidate c
                  cross join lateral (
                       -- WITH ORDINALITY gives the hours an order the planner knows, so that
                       -- "order by n limit 1" stops at the first feasible hour instead of testing them all.
                       select h.start_at
                         from generate_series(c.first_start, c.last_start, interval '1 hour')
                              with ordinality as h (start_at, n)
                        where not exists (
                              select 1
                                from ledger_slot l
                               where l.offer_id = c.id
                                 and l.slot_start >= h.start_at
                                 and l.slot_start < h.start_at + make_interval(hours => :hours::int)
                                 and l.capacity - l.held - l.booked < :gpus::int)
                        order by h.n
                        limit 1) earliest
            )
            select code,
                   start_at,
                   round(unit_price_in_request_currency * :gpus::int * :hours::int, :minor_digits::int) as total
              from placed
             order by total, start_at, array_position(:models::text[], gpu_model), reliability desc, code
             limit :max_options::int
            """;

    private static final Pattern PARAMETER = Pattern.compile("(?<!:):([a-z_]+)");

    private final PreparedStatement statement;
    /** Parameter name of each JDBC placeholder, in order. */
    private final List<String> placeholders = new ArrayList<>();

    SqlMatchQuery(Connection connection) throws SQLException {
        Matcher m = PARAMETER.matcher(SQL);
        StringBuilder jdbc = new StringBuilder();
        while (m.find()) {
            placeholders.add(m.group(1));
            m.appendReplacement(jdbc, "?");
        }
        m.appendTail(jdbc);
        statement = connection.prepareStatement(jdbc.toString());
    }

    /** Binds a request; {@link #execute()} may then be run any number of times. */
    SqlMatchQuery bind(MatchRequest request, Instant now, Duration staleAfter) throws SQLException {
        if (request.allowSplit()) throw new UnsupportedOperationException("the SQL answers single-offer requests only");
        Connection c = statement.getConnection();
        Map<String, Object> values = new HashMap<>();
        values.put("models", c.createArrayOf("text", request.gpuModels().stream().map(GpuModel::code).toArray()));
        values.put("gpus", request.gpuCount());
        values.put("hours", request.durationHours());
        values.put("earliest_start", utc(Slots.startOf(request.earliestStartHour())));
        values.put("latest_start", utc(Slots.startOf(request.latestStartHour())));
        values.put("currency", request.currency().getCurrencyCode());
        values.put("minor_digits", request.currency().getDefaultFractionDigits());
        values.put("max_unit_price", request.maxUnitPrice().orElse(null));
        values.put("jurisdictions", texts(c, request.allowedJurisdictions().stream().map(Jurisdiction::code).toList()));
        values.put("countries", texts(c, request.allowedCountries()));
        values.put("denied_countries", texts(c, request.deniedCountries()));
        values.put("certifications", texts(c, request.requiredCertifications().stream().map(Certification::code).toList()));
        values.put("sovereignty", texts(c, request.requiredSovereignty().stream().map(SovereigntyAttribute::code).toList()));
        values.put("fresh_since", utc(now.minus(staleAfter)));
        values.put("max_options", request.maxOptions());
        for (int i = 0; i < placeholders.size(); i++) {
            String name = placeholders.get(i);
            if (!values.containsKey(name)) throw new IllegalStateException("no value for :" + name);
            Object value = values.get(name);
            if (value == null) statement.setNull(i + 1, Types.NUMERIC);
            else statement.setObject(i + 1, value);
        }
        return this;
    }

    /** Runs the bound query: the ranked options, best first. */
    List<Row> execute() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), Slots.hourOf(rs.getObject(2, OffsetDateTime.class).toInstant()),
                        rs.getBigDecimal(3)));
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static java.sql.Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.stream().sorted().toArray());
    }
}

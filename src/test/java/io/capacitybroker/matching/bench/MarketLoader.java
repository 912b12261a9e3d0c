package io.capacitybroker.matching.bench;

import io.capacitybroker.catalog.api.PriceTierBody;
import io.capacitybroker.catalog.service.PriceTiers;
import io.capacitybroker.matching.OfferSnapshot;
import io.capacitybroker.matching.SiteSnapshot;
import io.capacitybroker.platform.money.ExchangeRates;
import io.capacitybroker.platform.time.Slots;
import io.capacitybroker.vocabulary.Certification;
import io.capacitybroker.vocabulary.SovereigntyAttribute;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Puts a {@link SyntheticMarket} into the real schema (the application's Flyway migrations), so
 * that PostgreSQL answers from the same data as the in-memory engine.
 *
 * <p>Mapping: a synthetic site or offer id becomes the row's {@code code}; its {@code id} is a
 * name-based UUID of that code. Every offer is {@code LIVE}. The usage of an offer becomes one
 * {@code ledger_slot} row per used hour with {@code capacity = total_gpus}, {@code held = 0} and
 * {@code booked = used}: the engine only knows held plus booked, and the query only uses
 * {@code capacity - held - booked}. Exchange rates are the market's own (they differ slightly
 * from the rows the migration seeds, e.g. JPY 151 vs 151.2).
 */
final class MarketLoader {
    private MarketLoader() {}

    /** Applies the application's migrations to an empty database. */
    static void migrate(String jdbcUrl, String user) {
        Flyway.configure().dataSource(jdbcUrl, user, "").locations("classpath:db/migration").load().migrate();
    }

    /** Loads sites, partners, offers, ledger slots and rates with COPY, then ANALYZEs the tables. */
    static void load(Connection connection, SyntheticMarket market) throws SQLException, IOException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            String now = SyntheticMarket.NOW.toString();

            Set<String> partners = market.sites().stream().map(SiteSnapshot::partnerId)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            copy(copy, "partner (id, name, created_at)",
                    partners.stream().map(p -> row(p, p, now)).toList());

            copy(copy, "site (id, partner_id, code, name, country, region, jurisdiction, certifications, sovereignty,"
                    + " reliability, last_heartbeat, created_at, updated_at)", market.sites().stream().map(s -> row(
                    siteUuid(s.siteId()), s.partnerId(), s.siteId(), s.siteId(), s.country(), s.country(),
                    s.jurisdiction().code(),
                    array(s.certifications().stream().map(Certification::code).toList()),
                    array(s.sovereignty().stream().map(SovereigntyAttribute::code).toList()),
                    BigDecimal.valueOf(s.reliability()).toPlainString(),
                    s.lastHeartbeat() == null ? "\\N" : s.lastHeartbeat().toString(), now, now)).toList());

            copy(copy, "offer (id, site_id, code, gpu_model, gpus_per_node, total_gpus, window_start, window_end,"
                    + " currency, unit_price, price_tiers, min_term_hours, min_gpus, requires_confirmation, sequence,"
                    + " status, published_at)", market.offers().stream().map(o -> row(
                    offerUuid(o.offerId()), siteUuid(o.siteId()), o.offerId(), o.gpuModel().code(), o.gpusPerNode(),
                    o.totalGpus(), hour(o.windowStartHour()), hour(o.windowEndHour()),
                    o.price().currency().getCurrencyCode(), o.price().unitPrice().toPlainString(), tiersJson(o),
                    o.minTermHours(), o.minGpus(), o.requiresConfirmation(), 1, "LIVE", now)).toList());

            Map<String, OfferSnapshot> offers = market.offers().stream()
                    .collect(Collectors.toMap(OfferSnapshot::offerId, o -> o));
            // About three million rows: streamed offer by offer rather than built as one string.
            CopyIn ledger = copy.copyIn("copy ledger_slot (offer_id, slot_start, capacity, held, booked) from stdin");
            try {
                for (Map.Entry<String, Map<Long, Integer>> usage : market.usageByOffer().entrySet()) {
                    UUID id = offerUuid(usage.getKey());
                    int capacity = offers.get(usage.getKey()).totalGpus();
                    StringBuilder rows = new StringBuilder();
                    usage.getValue().forEach((slot, gpus) -> rows.append(row(id, hour(slot), capacity, 0, gpus)));
                    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                    ledger.writeToCopy(bytes, 0, bytes.length);
                }
                ledger.endCopy();
            } finally {
                if (ledger.isActive()) ledger.cancelCopy();
            }

            upsertRates(connection, market.rates());
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        try (Statement analyze = connection.createStatement()) {
            analyze.execute("analyze partner, site, offer, ledger_slot, exchange_rate");
        }
    }

    static UUID siteUuid(String siteId) {
        return UUID.nameUUIDFromBytes(("site:" + siteId).getBytes(StandardCharsets.UTF_8));
    }

    static UUID offerUuid(String offerId) {
        return UUID.nameUUIDFromBytes(("offer:" + offerId).getBytes(StandardCharsets.UTF_8));
    }

    private static void upsertRates(Connection connection, ExchangeRates rates) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into exchange_rate (currency, units_per_usd, as_of) values (?, ?, ?)
                on conflict (currency) do update set units_per_usd = excluded.units_per_usd, as_of = excluded.as_of""")) {
            if (!rates.base().getCurrencyCode().equals("USD")) {
                throw new IllegalArgumentException("exchange_rate holds units per USD; the market's base is " + rates.base());
            }
            upsertRate(upsert, rates.base(), BigDecimal.ONE, rates);
            for (Map.Entry<Currency, BigDecimal> rate : rates.unitsPerBase().entrySet()) {
                upsertRate(upsert, rate.getKey(), rate.getValue(), rates);
            }
            upsert.executeBatch();
        }
    }

    private static void upsertRate(PreparedStatement upsert, Currency currency, BigDecimal unitsPerUsd,
                                   ExchangeRates rates) throws SQLException {
        upsert.setString(1, currency.getCurrencyCode());
        upsert.setBigDecimal(2, unitsPerUsd);
        upsert.setObject(3, rates.date());
        upsert.addBatch();
    }

    /** The JSON the catalogue stores: {@link PriceTiers#toJson}. */
    private static String tiersJson(OfferSnapshot offer) {
        return PriceTiers.toJson(offer.price().tiers().stream()
                .map(t -> new PriceTierBody(t.minHours(), t.unitPrice())).toList());
    }

    private static void copy(CopyManager copy, String table, List<String> rows) throws SQLException, IOException {
        Reader data = new StringReader(String.join("", rows));
        copy.copyIn("copy " + table + " from stdin", data);
    }

    /** One line of COPY's text format. No value here contains a tab, newline or backslash. */
    private static String row(Object... values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) line.append('\t');
            line.append(values[i]);
        }
        return line.append('\n').toString();
    }

    private static String array(Collection<String> codes) {
        return codes.stream().sorted().collect(Collectors.joining(",", "{", "}"));
    }

    private static String hour(long epochHour) {
        return Slots.startOf(epochHour).toString();
    }
}

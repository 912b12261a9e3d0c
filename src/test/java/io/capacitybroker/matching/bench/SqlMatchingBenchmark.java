package io.capacitybroker.matching.bench;

import io.capacitybroker.matching.MatchRequest;
import io.capacitybroker.matching.OfferIndex;
import io.capacitybroker.matching.QuoteOption;
import io.capacitybroker.testsupport.PostgresTestResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request of {@link MatchingBenchmark#filteredOneWeek} answered by PostgreSQL instead of the
 * in-memory engine, on the same {@link SyntheticMarket#standard()} data: a fresh {@code cb_test_*}
 * database, the application's migrations, the market loaded with COPY, ANALYZE. The SQL is
 * {@link SqlMatchQuery#SQL}. Setup refuses to measure unless the SQL and the engine return the
 * same options (offer, start, total, in the same order), for the benchmark request and for the
 * same request asking for every option. How to run it: docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SqlMatchingBenchmark {
    private final MatchRequest filtered = SyntheticMarket.benchmarkRequest();
    private PostgresTestResource database;
    private Connection connection;
    private SqlMatchQuery query;

    @Setup(Level.Trial)
    public void loadMarket() throws Exception {
        SyntheticMarket market = SyntheticMarket.standard();
        database = new PostgresTestResource();
        database.start();
        try {
            MarketLoader.migrate(PostgresTestResource.jdbcUrl(), PostgresTestResource.username());
            connection = PostgresTestResource.openConnection();
            long loading = System.nanoTime();
            MarketLoader.load(connection, market);
            System.out.printf("market loaded into %s in %.1f s%n", database.databaseName(), (System.nanoTime() - loading) / 1e9);

            OfferIndex index = market.newIndex();
            requireAgreement(index, market, filtered);
            requireAgreement(index, market, everyOption(filtered));
            query = new SqlMatchQuery(connection).bind(filtered, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER);
        } catch (Exception | Error e) {
            dropDatabase(); // JMH does not tear down after a failed setup: the database must not be left behind
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void dropDatabase() throws SQLException {
        try {
            if (query != null) query.close();
            if (connection != null) connection.close();
        } finally {
            if (database != null) database.stop();
        }
    }

    /** Jurisdiction (EU, SG) and certification (ISO 27001) filters over a one-week start window. */
    @Benchmark
    public List<SqlMatchQuery.Row> filteredOneWeek() throws SQLException {
        return query.execute();
    }

    /** The engine's options and the SQL's rows must be the same, in the same order; else there is nothing to compare. */
    static void requireAgreement(OfferIndex index, SyntheticMarket market, MatchRequest request) throws SQLException {
        List<SqlMatchQuery.Row> expected = index.match(request, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER,
                market.rates()).stream().map(SqlMatchQuery.Row::of).toList();
        List<SqlMatchQuery.Row> actual;
        try (SqlMatchQuery sql = new SqlMatchQuery(PostgresTestResource.openConnection())) {
            actual = sql.bind(request, SyntheticMarket.NOW, SyntheticMarket.STALE_AFTER).execute();
        }
        if (expected.isEmpty() || !expected.equals(actual)) {
            throw new IllegalStateException("SQL and engine disagree for " + request + "\n engine (" + expected.size()
                    + "): " + head(expected) + "\n sql    (" + actual.size() + "): " + head(actual)
                    + "\n first difference at " + firstDifference(expected, actual));
        }
        System.out.printf("SQL and engine agree on all %d options (maxOptions %d)%n", actual.size(), request.maxOptions());
    }

    /** The same request, asking for every option there is. */
    static MatchRequest everyOption(MatchRequest r) {
        return new MatchRequest(r.gpuModels(), r.gpuCount(), r.durationHours(), r.earliestStartHour(),
                r.latestStartHour(), r.currency(), r.maxUnitPrice(), r.allowedJurisdictions(), r.allowedCountries(),
                r.deniedCountries(), r.requiredCertifications(), r.requiredSovereignty(), r.allowSplit(), r.minBlock(),
                Integer.MAX_VALUE);
    }

    private static String head(List<SqlMatchQuery.Row> rows) {
        return rows.subList(0, Math.min(12, rows.size())).toString();
    }

    private static String firstDifference(List<SqlMatchQuery.Row> a, List<SqlMatchQuery.Row> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) return i + ": " + a.get(i) + " vs " + b.get(i);
        }
        return "index " + Math.min(a.size(), b.size()) + " (one list is longer)";
    }

    /** Runs this benchmark; JMH's usual options (-wi, -i, -f, ...) may be given. */
    public static void main(String[] args) throws Exception {
        String[] withInclude = Arrays.copyOf(args, args.length + 1);
        withInclude[args.length] = SqlMatchingBenchmark.class.getSimpleName();
        Main.main(withInclude);
    }
}

package io.capacitybroker.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real PostgreSQL database per test run, without Docker.
 *
 * <p>{@link #start()} asks {@code src/main/scripts/postgres.sh ensure} for a server (the machine's
 * own on 127.0.0.1:5432, or a private cluster the script starts), creates a fresh database
 * {@code cb_test_<8 hex>} and hands its coordinates to Quarkus; {@link #stop()} drops it.
 * A private cluster started on behalf of this JVM is stopped when the JVM exits, because other
 * test resources in the same JVM may still be using it until then.
 *
 * <p>Tests that need plain JDBC (benchmarks, concurrency tests) use {@link #jdbcUrl()},
 * {@link #username()} or {@link #openConnection()}. These read system properties rather than
 * static fields, because Quarkus loads test classes in a class loader of its own, where this
 * class's statics are a different copy.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    static final String SCRIPT = "src/main/scripts/postgres.sh";
    static final String PROP_JDBC_URL = "capacitybroker.test.db.jdbc-url";
    static final String PROP_USERNAME = "capacitybroker.test.db.username";

    private static final long SCRIPT_TIMEOUT_MINUTES = 15; // `ensure` may apt-get install PostgreSQL
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicBoolean STOP_HOOK_REGISTERED = new AtomicBoolean();

    private Server server;
    private String database;

    /** Where the server is, as printed by {@code postgres.sh ensure}. */
    record Server(String host, int port, String user, boolean startedByUs) {

        String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        String reactiveUrl(String database) {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        Map<String, String> env() {
            return Map.of("PGHOST", host, "PGPORT", Integer.toString(port), "PGUSER", user);
        }
    }

    @Override
    public Map<String, String> start() {
        server = ensureServer();
        database = "cb_test_" + randomHex8();
        runScript(server.env(), "create-db", database);

        System.setProperty(PROP_JDBC_URL, server.jdbcUrl(database));
        System.setProperty(PROP_USERNAME, server.user());

        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.username", server.user());
        config.put("quarkus.datasource.password", "");
        config.put("quarkus.datasource.reactive.url", server.reactiveUrl(database));
        config.put("quarkus.datasource.jdbc.url", server.jdbcUrl(database));
        return config;
    }

    @Override
    public void stop() {
        if (server == null || database == null) {
            return;
        }
        runScript(server.env(), "drop-db", database);
        if (server.jdbcUrl(database).equals(System.getProperty(PROP_JDBC_URL))) {
            System.clearProperty(PROP_JDBC_URL);
            System.clearProperty(PROP_USERNAME);
        }
        database = null;
    }

    /** The name of the database this instance created, or null before start and after stop. */
    public String databaseName() {
        return database;
    }

    /** JDBC URL of the database of the most recently started resource in this JVM. */
    public static String jdbcUrl() {
        String url = System.getProperty(PROP_JDBC_URL);
        if (url == null) {
            throw new IllegalStateException("PostgresTestResource is not started in this JVM");
        }
        return url;
    }

    /** Role to connect as; PostgreSQL here trusts loopback connections, so no password. */
    public static String username() {
        String user = System.getProperty(PROP_USERNAME);
        if (user == null) {
            throw new IllegalStateException("PostgresTestResource is not started in this JVM");
        }
        return user;
    }

    /** A new plain JDBC connection to the test database; the caller closes it. */
    public static Connection openConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), username(), "");
    }

    private static Server ensureServer() {
        Map<String, String> out = parse(runScript(Map.of(), "ensure"));
        Server s = new Server(
                require(out, "PGHOST"),
                Integer.parseInt(require(out, "PGPORT")),
                require(out, "PGUSER"),
                "1".equals(out.get("PGSTARTED")));
        if (s.startedByUs() && STOP_HOOK_REGISTERED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> runScript(Map.of(), "stop"), "stop-private-postgres"));
        }
        return s;
    }

    static Map<String, String> parse(String stdout) {
        return Scripts.parse(stdout);
    }

    private static String require(Map<String, String> values, String key) {
        return Scripts.require(SCRIPT + " ensure", values, key);
    }

    /** Runs the script from the project root; its stderr (logging) goes to ours. Returns stdout. */
    static String runScript(Map<String, String> env, String... args) {
        return Scripts.run(SCRIPT, env, SCRIPT_TIMEOUT_MINUTES, args);
    }

    private static String randomHex8() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

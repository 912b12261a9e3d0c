package io.capacitybroker.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real Kafka broker for the tests, without Docker: {@link #start()} runs
 * {@code src/main/scripts/kafka.sh start} (the first run on a machine collects the jars from Maven
 * Central through the Maven wrapper), which starts a fresh single-node KRaft broker under
 * {@code target/kafka/test-<8 hex>} on free loopback ports, creates the broker's topics (a fresh
 * broker, so fresh topics every run) and points every Kafka channel at it. {@link #stop()} stops
 * it; a JVM shutdown hook does the same should the run end without {@code stop()}, and the script's
 * watcher stops it should this JVM be killed outright.
 *
 * <p>Global for the API tests ({@link BrokerTest}) and part of {@link KeycloakProfile}: the
 * broker runs its Kafka consumers and producer in every test, as it does in production. The
 * outbox relay runs when a test calls it (the scheduler is off in tests). Tests reach the broker
 * through {@link #bootstrapServers()} (a system property, because Quarkus loads test classes twice).
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    static final String SCRIPT = "src/main/scripts/kafka.sh";
    static final String PROP_BOOTSTRAP = "capacitybroker.test.kafka.bootstrap";

    /** Topics of docs/events.md, with three partitions where order per key matters. */
    static final List<NewTopic> TOPICS = List.of(
            new NewTopic("broker.reservations", 3, (short) 1),
            new NewTopic("broker.billing", 3, (short) 1),
            new NewTopic("partner.inventory", 3, (short) 1),
            new NewTopic("partner.inventory.dlq", 1, (short) 1),
            new NewTopic("partner.decisions", 3, (short) 1),
            new NewTopic("partner.decisions.dlq", 1, (short) 1),
            new NewTopic("partner.usage", 3, (short) 1),
            new NewTopic("partner.usage.dlq", 1, (short) 1));

    // The first start on a machine collects ~45 MB of jars: allow for it.
    private static final long START_TIMEOUT_MINUTES = 10;
    private static final long STOP_TIMEOUT_MINUTES = 2;
    private static final SecureRandom RANDOM = new SecureRandom();

    private String instanceDir;
    private Thread shutdownHook;

    @Override
    public Map<String, String> start() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        instanceDir = "target/kafka/test-" + HexFormat.of().formatHex(random);

        // Registered before the start, so that a start that fails half-way is cleaned up too.
        String dir = instanceDir;
        shutdownHook = new Thread(() -> stopQuietly(dir), "stop-kafka");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        Map<String, String> out = Scripts.parse(Scripts.run(SCRIPT,
                Map.of("CB_KAFKA_OWNER_PID", Long.toString(ProcessHandle.current().pid())),
                START_TIMEOUT_MINUTES, "start", instanceDir));
        String bootstrap = Scripts.require(SCRIPT + " start", out, "KAFKA_BOOTSTRAP");
        createTopics(bootstrap);
        System.setProperty(PROP_BOOTSTRAP, bootstrap);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (instanceDir == null) {
            return;
        }
        System.clearProperty(PROP_BOOTSTRAP);
        try {
            Scripts.run(SCRIPT, Map.of(), STOP_TIMEOUT_MINUTES, "stop", instanceDir);
        } finally {
            instanceDir = null;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook runs anyway; stopping twice is harmless
            }
        }
    }

    /** {@code 127.0.0.1:PORT} of the broker the running resource started. */
    public static String bootstrapServers() {
        String bootstrap = System.getProperty(PROP_BOOTSTRAP);
        if (bootstrap == null) throw new IllegalStateException("KafkaTestResource has not started");
        return bootstrap;
    }

    private static void createTopics(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(TOPICS).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create the test topics on " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void stopQuietly(String dir) {
        try {
            Scripts.run(SCRIPT, Map.of(), STOP_TIMEOUT_MINUTES, "stop", dir);
        } catch (RuntimeException e) {
            System.err.println("could not stop Kafka in " + dir + ": " + e.getMessage());
        }
    }
}

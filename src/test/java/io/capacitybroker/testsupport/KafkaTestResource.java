package io.capacitybroker.testsupport;

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
public class KafkaTestResource extends ScriptedService {
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

    public KafkaTestResource() {
        super(SCRIPT, "Kafka", "CB_KAFKA_OWNER_PID", START_TIMEOUT_MINUTES);
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = startInstance("kafka", Map.of(), "KAFKA_BOOTSTRAP");
        createTopics(bootstrap);
        System.setProperty(PROP_BOOTSTRAP, bootstrap);
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    @Override
    protected void clearPublished() {
        System.clearProperty(PROP_BOOTSTRAP);
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
}

package io.capacitybroker.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.PostgresTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart relies on this (ADR 0010): replicas of a new release that start at the same moment
 * each run Flyway at start-up, and still every migration is applied exactly once, because Flyway
 * serialises them with a PostgreSQL advisory lock. Four "replicas" migrate one empty database at once.
 */
class ConcurrentMigrationTest {
    private static final int REPLICAS = 4;
    private static PostgresTestResource database;

    @BeforeAll
    static void emptyDatabase() {
        database = new PostgresTestResource();
        database.start();
    }

    @AfterAll
    static void drop() {
        if (database != null) database.stop();
    }

    @Test
    void replicasStartingTogetherApplyEveryMigrationOnce() throws Exception {
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> applied = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            applied.add(replicas.submit(() -> {
                Flyway flyway = Flyway.configure()
                        .dataSource(PostgresTestResource.jdbcUrl(), PostgresTestResource.username(), "")
                        .locations("classpath:db/migration").load();
                go.await();
                return flyway.migrate().migrationsExecuted;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> replica : applied) total += replica.get(2, TimeUnit.MINUTES);
        replicas.shutdown();

        int migrations = migrationFiles();
        assertThat(total).as("migrations applied over all replicas").isEqualTo(migrations);
        try (Connection connection = PostgresTestResource.openConnection();
             ResultSet history = connection.createStatement().executeQuery(
                     "select count(*), count(distinct version), bool_and(success) from flyway_schema_history")) {
            history.next();
            assertThat(history.getInt(1)).isEqualTo(migrations);
            assertThat(history.getInt(2)).isEqualTo(migrations);
            assertThat(history.getBoolean(3)).isTrue();
        }
    }

    private static int migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}

package io.capacitybroker.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain JUnit, no Quarkus: the resource gives a real, fresh database and removes it again. */
class PostgresTestResourceTest {

    @Test
    void startsAFreshDatabaseThatJdbcReachesAndStopDropsIt() throws SQLException {
        PostgresTestResource resource = new PostgresTestResource();
        Map<String, String> config = resource.start();
        String database = resource.databaseName();
        String jdbcUrl = PostgresTestResource.jdbcUrl();
        String user = PostgresTestResource.username();
        try {
            assertThat(database).matches("cb_test_[0-9a-f]{8}");
            assertThat(config)
                    .containsEntry("quarkus.datasource.jdbc.url", jdbcUrl)
                    .containsEntry("quarkus.datasource.username", user)
                    .containsEntry("quarkus.datasource.password", "")
                    .containsEntry("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
            assertThat(jdbcUrl).endsWith("/" + database);

            try (Connection c = PostgresTestResource.openConnection();
                 ResultSet rs = c.createStatement().executeQuery("select 1, current_database()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo(database);
            }
        } finally {
            resource.stop();
        }

        assertThat(databaseExists(jdbcUrl, user, database)).isFalse();
        assertThatThrownBy(PostgresTestResource::jdbcUrl).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parsesOneKeyValuePerLine() {
        assertThat(PostgresTestResource.parse("PGHOST=127.0.0.1\nPGPORT=5432\nPGUSER=root\nPGSTARTED=0\n"))
                .containsEntry("PGHOST", "127.0.0.1")
                .containsEntry("PGPORT", "5432")
                .containsEntry("PGUSER", "root")
                .containsEntry("PGSTARTED", "0");
    }

    private static boolean databaseExists(String jdbcUrl, String user, String database) throws SQLException {
        String maintenanceUrl = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + "postgres";
        try (Connection c = DriverManager.getConnection(maintenanceUrl, user, "");
             PreparedStatement ps = c.prepareStatement("select count(*) from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}

package dev.pylearn.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of the zero-configuration start: it commits durably (zonky's test defaults
 * turned fsync and synchronous commits off), runs the newest 17.x binaries, lets nobody in without
 * the superuser's password (kept in an owner-only file), and takes over a data directory made by an
 * earlier PyLearn with trust authentication without losing its data.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void commitsDurablyAndLetsNobodyInWithoutThePassword() throws Exception {
        String password;
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            password = database.password().value();
            String url = database.postgres().getJdbcUrl("postgres", "postgres");
            try (Connection connection = connect(url, password)) {
                assertThat(setting(connection, "fsync")).isEqualTo("on");
                assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(connection, "full_page_writes")).isEqualTo("on");
                assertThat(Integer.parseInt(setting(connection, "server_version_num"))).isBetween(170011, 179999);
                assertThat(setting(connection, "password_encryption")).isEqualTo("scram-sha-256");
                connection.createStatement().execute("CREATE TABLE kept (note text)");
                connection.createStatement().execute("INSERT INTO kept VALUES ('written before the restart')");
            }
            assertRefused(url, null);
            assertRefused(url, "not-the-password");
            assertThat(Files.readAllLines(dataDir.resolve("postgres").resolve("pg_hba.conf")))
                    .noneMatch(line -> !line.startsWith("#") && line.contains("trust"));
        }
        Path passwordFile = dataDir.resolve("postgres-superuser.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(Files.readString(passwordFile, StandardCharsets.UTF_8).strip()).isEqualTo(password);

        try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir)) {
            assertThat(again.password().value()).isEqualTo(password);
            try (Connection connection = connect(again.postgres().getJdbcUrl("postgres", "postgres"), password)) {
                assertThat(query(connection, "SELECT note FROM kept")).isEqualTo("written before the restart");
            }
        }
    }

    @Test
    void aDataDirectoryMadeWithTrustKeepsItsDataAndNowNeedsThePassword() throws Exception {
        Path data = dataDir.resolve("postgres");
        // what PyLearn did before: zonky's defaults, trust authentication, no password
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dataDir.resolve("postgres-runtime").toFile())
                .setRegisterShutdownHook(false).start();
             Connection connection = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"))) {
            connection.createStatement().execute("CREATE TABLE learner_note (note text)");
            connection.createStatement().execute("INSERT INTO learner_note VALUES ('from the old start')");
        }
        assertThat(EmbeddedDatabase.trusts(Files.readAllLines(data.resolve("pg_hba.conf")))).isTrue();

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir)) {
            String url = database.postgres().getJdbcUrl("postgres", "postgres");
            try (Connection connection = connect(url, database.password().value())) {
                assertThat(query(connection, "SELECT note FROM learner_note")).isEqualTo("from the old start");
                assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            }
            assertThat(EmbeddedDatabase.trusts(Files.readAllLines(data.resolve("pg_hba.conf")))).isFalse();
            // the server reloads pg_hba.conf asynchronously after the migration asked it to
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertRefused(url, null));
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir);
             Connection connection = connect(again.postgres().getJdbcUrl("postgres", "postgres"),
                     again.password().value())) {
            assertThat(query(connection, "SELECT note FROM learner_note")).isEqualTo("from the old start");
        }
    }

    @Test
    void refusesToStartWhenThePasswordFileIsLostAndSaysWhatToDo() throws Exception {
        EmbeddedDatabase.start(dataDir).close();
        Files.delete(dataDir.resolve("postgres-superuser.password"));
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("postgres-superuser.password is missing")
                .hasMessageContaining("Restore that file");
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> connect(url, password).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
    }

    private static String setting(Connection connection, String name) throws SQLException {
        return query(connection, "SELECT current_setting('" + name + "')");
    }

    private static String query(Connection connection, String sql) throws SQLException {
        try (var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}

package dev.pylearn.infra.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis the tests talk to: containers when a Docker engine is present,
 * otherwise the services on 127.0.0.1 (override with PYLEARN_TEST_DATABASE_URL, whose database is
 * used to create a fresh one per test run, and PYLEARN_TEST_REDIS_URL). Each run gets its own
 * database and its own Redis key prefix, so runs never see each other's data.
 */
public final class TestServices {

    public record Database(String url, String username, String password) {
    }

    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
    private static Database database;
    private static String redisUrl;

    private TestServices() {
    }

    public static synchronized Database database() {
        if (database == null) {
            database = dockerAvailable() ? startPostgresContainer() : createLocalDatabase();
        }
        return database;
    }

    public static synchronized String redisUrl() {
        if (redisUrl == null) {
            if (dockerAvailable()) {
                GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                redis.start();
                redisUrl = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            } else {
                redisUrl = env("PYLEARN_TEST_REDIS_URL", "redis://127.0.0.1:6379");
            }
        }
        return redisUrl;
    }

    /** Prefix for every Redis key this run writes. */
    public static String redisKeyPrefix() {
        return "pylearn-test-" + RUN_ID + ":";
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static Database startPostgresContainer() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        postgres.start();
        return new Database(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
    }

    private static Database createLocalDatabase() {
        String adminUrl = env("PYLEARN_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String username = env("PYLEARN_TEST_DATABASE_USERNAME", "postgres");
        String password = env("PYLEARN_TEST_DATABASE_PASSWORD", "");
        String name = "pylearn_test_" + RUN_ID;
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password)) {
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database through " + adminUrl
                    + "; is PostgreSQL running on 127.0.0.1:5432 (see .ci/run)?", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropLocalDatabase(adminUrl, username, password, name)));
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
        return new Database(url, username, password);
    }

    private static void dropLocalDatabase(String adminUrl, String username, String password, String name) {
        try (Connection connection = DriverManager.getConnection(adminUrl, username, password)) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // best effort: a leftover database is named pylearn_test_* and can be dropped by hand
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}

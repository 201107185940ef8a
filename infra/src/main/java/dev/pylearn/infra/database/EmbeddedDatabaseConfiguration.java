package dev.pylearn.infra.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The zero-configuration database: when no {@code PYLEARN_DATABASE_URL} is given, a real PostgreSQL
 * (binaries from a Maven artifact) runs under the data directory and keeps its data across restarts.
 * Its JVM shutdown hook is off: Spring closes it after the pool and Axon's processors have stopped,
 * so nothing logs refused connections on the way out.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatabaseUrlCondition.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${pylearn.data-dir}") Path dataDir) throws IOException {
        Path data = dataDir.resolve("postgres").toAbsolutePath();
        Path work = dataDir.resolve("postgres-runtime").toAbsolutePath();
        Files.createDirectories(data);
        Files.createDirectories(work);
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(work.toFile())
                .setRegisterShutdownHook(false)
                .start();
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("pylearn-embedded");
        return dataSource;
    }

    /** Lets the start-up report name the embedded database. */
    @Bean
    DatabaseDescription databaseDescription(EmbeddedPostgres postgres, @Value("${pylearn.data-dir}") Path dataDir) {
        return new DatabaseDescription("embedded PostgreSQL on port " + postgres.getPort() + ", data in "
                + dataDir.resolve("postgres").toAbsolutePath());
    }

}

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
 * (binaries from a Maven artifact) runs under the data directory and keeps its data across restarts,
 * durably and behind a password (see {@link EmbeddedDatabase}). Its JVM shutdown hook is off: Spring
 * closes it after the pool and Axon's processors have stopped, so nothing logs refused connections on
 * the way out.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatabaseUrlCondition.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(@Value("${pylearn.data-dir}") Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedDatabase.start(dataDir.toAbsolutePath());
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedDatabase database) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(database.postgres().getJdbcUrl(EmbeddedDatabase.SUPERUSER, "postgres"));
        dataSource.setUsername(EmbeddedDatabase.SUPERUSER);
        dataSource.setPassword(database.password().value());
        dataSource.setPoolName("pylearn-embedded");
        return dataSource;
    }

    /** Lets the start-up report name the embedded database. */
    @Bean
    DatabaseDescription databaseDescription(EmbeddedDatabase database) {
        EmbeddedPostgres postgres = database.postgres();
        return new DatabaseDescription("embedded PostgreSQL on port " + postgres.getPort() + ", data in "
                + database.dataDirectory() + ", superuser " + database.password());
    }

}

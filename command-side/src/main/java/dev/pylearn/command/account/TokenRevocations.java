package dev.pylearn.command.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which tokens no longer count, answered from memory so that no request pays a SQL statement for
 * it: per account the token generation now in force (a password or role change starts a new one,
 * ending every older token), and the ids of the tokens whose sessions were logged out, until they
 * expire. Both are stored in PostgreSQL ({@code account.token_generation}, {@code revoked_token}).
 * <p>
 * Every node keeps its copy current through PostgreSQL LISTEN/NOTIFY: a change sends a NOTIFY in
 * its own transaction, which PostgreSQL delivers to every listening node when, and only if, it
 * commits. Each node listens on a connection of its own and reloads both tables whenever it
 * (re)connects, and every {@code pylearn.security.revocations.resync} besides, so a notification
 * lost with a broken connection costs at most that long. The node that makes a change applies it
 * itself right after the commit. This works the same with and without Redis, and in the embedded
 * default.
 */
@Component
public class TokenRevocations implements SmartLifecycle {

    static final String CHANNEL = "pylearn_token_revocations";
    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration resync;
    /** The generation in force per account; accounts still in generation 0 are absent. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    /** Ids of logged-out tokens, with their expiry (epoch seconds). */
    private final Map<String, Long> loggedOut = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread listener;

    TokenRevocations(JdbcClient jdbc, DataSource dataSource, Clock clock,
                     @Value("${pylearn.security.revocations.resync:1m}") Duration resync) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
        this.resync = resync;
    }

    /**
     * The id a token is revoked by: its {@code jti}, or for a token issued before tokens had one,
     * a digest of the token itself.
     */
    public static String tokenId(String jti, String tokenValue) {
        if (jti != null && !jti.isBlank()) {
            return jti;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(tokenValue.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the token no longer counts: memory only, no statement. */
    public boolean isRevoked(String learnerId, long generation, String tokenId) {
        Long current = learnerId == null ? null : generations.get(learnerId);
        return (current != null && generation < current) || loggedOut.containsKey(tokenId);
    }

    /** Logs one session out: its token stops counting on every node (one statement, committed at once). */
    public void logOut(String tokenId, String learnerId, Instant expiresAt) {
        long expiry = expiresAt == null ? clock.instant().plus(Duration.ofDays(1)).getEpochSecond()
                : expiresAt.getEpochSecond();
        jdbc.sql("""
                        WITH revoked AS (
                            INSERT INTO revoked_token (token_id, learner_id, expires_at) VALUES (?, ?, to_timestamp(?))
                            ON CONFLICT (token_id) DO NOTHING)
                        SELECT pg_notify(?, ?)""")
                .params(tokenId, learnerId, expiry, CHANNEL, "t " + expiry + " " + tokenId)
                .query(rs -> {
                });
        loggedOut.put(tokenId, expiry);
    }

    /**
     * Called in the transaction that moved the account to {@code generation}: every node hears of
     * it when the transaction commits.
     */
    void sessionsEnded(String learnerId, long generation) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(CHANNEL, "g " + generation + " " + learnerId)
                .query(rs -> {
                });
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    generationInForce(learnerId, generation);
                }
            });
        } else {
            generationInForce(learnerId, generation);
        }
    }

    private void generationInForce(String learnerId, long generation) {
        generations.merge(learnerId, generation, Math::max);
    }

    private void apply(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length != 3) {
            return;
        }
        if (parts[0].equals("g")) {
            generationInForce(parts[2], Long.parseLong(parts[1]));
        } else if (parts[0].equals("t")) {
            loggedOut.put(parts[2], Long.parseLong(parts[1]));
        }
    }

    /** Reloads both tables (merging: a notification that arrives meanwhile is kept) and forgets expired ids. */
    void reload() {
        jdbc.sql("SELECT learner_id, token_generation FROM account WHERE token_generation > 0")
                .query(rs -> {
                    generationInForce(rs.getString(1), rs.getLong(2));
                });
        long now = clock.instant().getEpochSecond();
        jdbc.sql("SELECT token_id, extract(epoch FROM expires_at)::bigint FROM revoked_token WHERE expires_at > now()")
                .query(rs -> {
                    loggedOut.put(rs.getString(1), rs.getLong(2));
                });
        loggedOut.values().removeIf(expiry -> expiry < now);
    }

    @Override
    public void start() {
        reload();
        running = true;
        listener = new Thread(this::listen, "token-revocations");
        listener.setDaemon(true);
        listener.start();
    }

    private void listen() {
        Instant lastReload = clock.instant();
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                reload();
                lastReload = clock.instant();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            apply(notification.getParameter());
                        }
                    }
                    if (clock.instant().isAfter(lastReload.plus(resync))) {
                        reload();
                        purgeExpired();
                        lastReload = clock.instant();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Token revocations: listening connection lost ({}); reconnecting", e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            }
        }
    }

    /**
     * A connection of its own, outside the pool, so that listening never takes one of the pool's
     * connections from the requests; from the pool only when its address cannot be learned.
     */
    private Connection connect() throws SQLException {
        try {
            com.zaxxer.hikari.HikariDataSource hikari = dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class);
            if (hikari != null && hikari.getJdbcUrl() != null) {
                return DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
            }
        } catch (SQLException | RuntimeException e) {
            // not a Hikari pool underneath: borrow one
        }
        return dataSource.getConnection();
    }

    private void purgeExpired() {
        jdbc.sql("DELETE FROM revoked_token WHERE expires_at < now() - interval '1 hour'").update();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server takes requests, after the database is migrated. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}

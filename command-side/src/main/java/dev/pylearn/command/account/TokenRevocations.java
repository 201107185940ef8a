package dev.pylearn.command.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Which tokens no longer count, answered from memory so that no request pays a SQL statement for
 * it: per account the token generation now in force (a password or role change starts a new one,
 * ending every older token), and the ids of the tokens whose sessions were logged out, until they
 * expire. Both are stored in PostgreSQL ({@code account.token_generation}, {@code revoked_token}).
 * <p>
 * Every node keeps its copy current through PostgreSQL LISTEN/NOTIFY: a change sends a NOTIFY on
 * {@link #CHANNEL} in its own transaction, which PostgreSQL delivers to every listening node when,
 * and only if, it commits. The node's one listening connection (infra's PostgresSignals) hands each
 * to {@link #apply} and calls {@link #reload} whenever it (re)connects; both tables are also reloaded
 * every {@code pylearn.security.revocations.resync}, so a lost notification costs at most that long. The node that makes a change applies it
 * itself right after the commit. This works the same with and without Redis, and in the embedded
 * default.
 */
@Component
public class TokenRevocations implements SmartLifecycle {

    public static final String CHANNEL = "pylearn_token_revocations";

    private final JdbcClient jdbc;
    private final Clock clock;
    /** The generation in force per account; accounts still in generation 0 are absent. */
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    /** Ids of logged-out tokens, with their expiry (epoch seconds). */
    private final Map<String, Long> loggedOut = new ConcurrentHashMap<>();
    private volatile boolean running;

    TokenRevocations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
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

    /** A notification of {@link #CHANNEL}, from whichever node made the change. */
    public void apply(String payload) {
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
    public void reload() {
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
    }

    /** Catches up with whatever notification went unheard, and drops revocations past their expiry. */
    @Scheduled(fixedDelayString = "${pylearn.security.revocations.resync:1m}",
            initialDelayString = "${pylearn.security.revocations.resync:1m}")
    void resync() {
        if (running) {
            reload();
            purgeExpired();
        }
    }

    private void purgeExpired() {
        jdbc.sql("DELETE FROM revoked_token WHERE expires_at < now() - interval '1 hour'").update();
    }

    @Override
    public void stop() {
        running = false;
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

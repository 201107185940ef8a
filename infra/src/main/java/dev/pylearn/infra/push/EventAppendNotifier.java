package dev.pylearn.infra.push;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Tells every node that events were appended, once the appending transaction has committed: the
 * NOTIFY on {@code pylearn_events} that {@link PushedEventSource} wakes on.
 * <p>
 * Why not in the appending transaction (as migration V20's trigger did until V70): PostgreSQL (up to
 * 18 at least) commits a transaction that sent a NOTIFY under one database-wide lock, held across its
 * WAL flush, so every command's commit waited for every other's fsync. Measured with pgbench here,
 * 32 clients appending single rows: 5,772/s without the trigger, 918/s with it.
 * <p>
 * Sent from one thread, coalesced: however many transactions commit while one notification goes
 * out, the next one covers them all (it carries no payload; readers read from their own tokens). Its
 * transaction changes no data, so it commits without waiting for its flush ({@code synchronous_commit
 * off} for that transaction only): the events themselves were committed, synchronously, before.
 * A notification lost with a crashing node costs the other nodes no event, only the wait until their
 * processors look on their own (the token-claim interval).
 */
public class EventAppendNotifier implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventAppendNotifier.class);

    private final DataSource dataSource;
    private final String channel;
    /** A notification is queued that has not started: appends committed now are covered by it. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "event-append-notifier");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean failing;

    EventAppendNotifier(DataSource dataSource, String channel) {
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Events were appended by a transaction that has committed; returns at once. */
    public void appended() {
        if (queued.compareAndSet(false, true)) {
            try {
                sender.execute(this::send);
            } catch (RejectedExecutionException e) {
                // shutting down: the other nodes look for events on their own
            }
        }
    }

    private void send() {
        queued.set(false);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL synchronous_commit TO OFF");
                statement.execute("SELECT pg_notify('" + channel + "', '')");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            failing = false;
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                // (once per outage: the other nodes look for events on their own meanwhile)
                log.warn("Could not tell the other nodes that events were appended: {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }
}

package dev.pylearn.infra.push;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

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
public class EventAppendNotifier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventAppendNotifier.class);

    private final DataSource dataSource;
    private final String channel;
    private final Object lock = new Object();
    private boolean pending;
    private volatile boolean running;
    private volatile Thread sender;
    private boolean failing;

    EventAppendNotifier(DataSource dataSource, String channel) {
        this.dataSource = dataSource;
        this.channel = channel;
    }

    /** Events were appended by a transaction that has committed; returns at once. */
    public void appended() {
        synchronized (lock) {
            pending = true;
            lock.notifyAll();
        }
    }

    private void send() {
        while (running) {
            synchronized (lock) {
                while (!pending && running) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                pending = false;
            }
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
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::send, "event-append-notifier");
        thread.setDaemon(true);
        sender = thread;
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        Thread thread = sender;
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

    /** Sending before the command side and the processors start, and until after they stopped. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

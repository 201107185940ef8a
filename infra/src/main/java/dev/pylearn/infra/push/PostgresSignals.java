package dev.pylearn.infra.push;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * This node's ear on PostgreSQL LISTEN/NOTIFY: one connection of its own (outside the pool) listening
 * on every channel a subscriber asked for, and one thread handing each notification to that channel's
 * subscribers in the order PostgreSQL delivered them (commit order). Subscribers run on this thread
 * and must be quick.
 * <p>
 * A notification sent while the connection is down is lost: so whenever the connection is (re)made,
 * every channel's {@code onReconnect} runs (processors look for events, near caches drop what they
 * hold), and while it is down the {@code whileDown} ticks run every {@code fallback} (processors poll).
 */
public class PostgresSignals implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PostgresSignals.class);

    private final DataSource dataSource;
    private final Duration fallback;
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private final List<Runnable> onReconnect = new CopyOnWriteArrayList<>();
    private final Counter received;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile Thread listener;

    PostgresSignals(DataSource dataSource, Duration fallback, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.fallback = fallback;
        this.received = Counter.builder("pylearn.push.notifications")
                .description("PostgreSQL notifications this node received (events appended, read models changed)")
                .register(metrics);
    }

    /** Hands every payload sent on {@code channel} to {@code subscriber}, from the listening thread. */
    public void subscribe(String channel, Consumer<String> subscriber) {
        subscribers.computeIfAbsent(channel, name -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    /**
     * Runs when listening starts or starts again after a lost connection (what was sent meanwhile was
     * not heard), and every {@code fallback} while no connection listens.
     */
    public void whenDeaf(Runnable task) {
        onReconnect.add(task);
    }

    /** True while a connection listens: what is sent now will be heard. */
    public boolean isListening() {
        return listening;
    }

    /** Notifications received so far (a test sees a node hear another's write by it). */
    public double received() {
        return received.count();
    }

    @Override
    public void start() {
        running = true;
        Thread thread = new Thread(this::listen, "postgres-signals");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    private void listen() {
        while (running) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                for (String channel : subscribers.keySet()) {
                    statement.execute("LISTEN " + channel);
                }
                listening = true;
                onReconnect.forEach(PostgresSignals::runQuietly);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    // blocks on the socket until a notification comes (or the time-out, to see `running`)
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            received.increment();
                            List<Consumer<String>> forChannel = subscribers.get(notification.getName());
                            if (forChannel != null) {
                                for (Consumer<String> subscriber : forChannel) {
                                    runQuietly(() -> subscriber.accept(notification.getParameter()));
                                }
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running) {
                    log.warn("Listening for PostgreSQL notifications failed ({}); polling every {} until it is back",
                            e.getMessage(), fallback);
                    onReconnect.forEach(PostgresSignals::runQuietly);
                    sleep(fallback);
                }
            }
        }
        listening = false;
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // (while the database is away this runs every fallback tick: one line, no stack trace)
            log.warn("A PostgreSQL notification subscriber failed: {}", e.toString());
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

    /** Listening before the event processors start (Axon starts them in a later phase), after Flyway. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

package dev.pylearn.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.pylearn.operations.NodeId;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stops and starts a projection's processor on every node through {@code projection_control}: the
 * operator's node writes the desired state with a new generation, every node polls the table and
 * applies a generation it has not applied yet to its own processor. Whether all nodes have let go
 * is read from the claims in {@code token_entry}, which Axon releases when a processor stops (a
 * claim not refreshed for {@link #STALE_CLAIM} belongs to a dead node and counts as released, as it
 * does for Axon itself).
 *
 * <p>Only generation changes are applied, so a processor stopped by other means (a test, an
 * operator's JMX call) is not restarted behind their back.
 */
@Component
class ProjectionControl {

    private static final Logger log = LoggerFactory.getLogger(ProjectionControl.class);

    static final Duration STALE_CLAIM = Duration.ofSeconds(15);
    static final String RUNNING = "running";
    static final String PAUSED = "paused";

    private final JdbcClient jdbc;
    /** This node, as its token store names it in claims ({@code pylearn.node-id}). */
    private final String node;
    private final EventProcessingConfiguration processing;
    /** Claims are stamped with the wall clock, whatever clock the domain runs on. */
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Long> applied = new ConcurrentHashMap<>();

    ProjectionControl(JdbcClient jdbc, EventProcessingConfiguration processing, NodeId node) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.node = node.value();
    }

    String node() {
        return node;
    }

    /** Asks every node (this one at once) to stop or start the processor. */
    void desire(String projection, String state) {
        jdbc.sql("INSERT INTO projection_control (projection) VALUES (?) ON CONFLICT DO NOTHING")
                .param(projection).update();
        long generation = jdbc.sql("""
                        UPDATE projection_control SET desired_state = ?, generation = generation + 1, updated_at = now()
                        WHERE projection = ? RETURNING generation""")
                .params(state, projection).query(Long.class).single();
        apply(projection, state, generation);
    }

    String desiredState(String projection) {
        return jdbc.sql("SELECT desired_state FROM projection_control WHERE projection = ?").param(projection)
                .query(String.class).optional().orElse(RUNNING);
    }

    /**
     * Waits until no node holds a live claim on the processor's segments.
     *
     * @return false if some node still holds one after {@code timeout}
     */
    boolean awaitReleased(String processor, Duration timeout) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            if (liveClaims(processor) == 0) {
                return true;
            }
            if (clock.instant().isAfter(deadline)) {
                return false;
            }
            sleep(100);
        }
    }

    long liveClaims(String processor) {
        Instant now = clock.instant();
        return jdbc.sql("SELECT owner, timestamp FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL")
                .param(processor)
                .query((rs, n) -> claimedAt(rs.getString("timestamp")))
                .list().stream()
                .filter(at -> at.isAfter(now.minus(STALE_CLAIM)))
                .count();
    }

    @Scheduled(fixedDelayString = "${pylearn.projections.control-poll-interval:500ms}")
    void poll() {
        jdbc.sql("SELECT projection, desired_state, generation FROM projection_control")
                .query((rs, n) -> {
                    String projection = rs.getString("projection");
                    long generation = rs.getLong("generation");
                    Long seen = applied.get(projection);
                    if (seen == null && RUNNING.equals(rs.getString("desired_state"))) {
                        // first sight after start-up: Axon starts processors itself
                        applied.put(projection, generation);
                    } else if (seen == null || seen != generation) {
                        apply(projection, rs.getString("desired_state"), generation);
                    }
                    return projection;
                })
                .list();
    }

    private synchronized void apply(String projection, String state, long generation) {
        Long seen = applied.get(projection);
        if (seen != null && seen >= generation) {
            return;
        }
        applied.put(projection, generation);
        processing.eventProcessor(projection, StreamingEventProcessor.class).ifPresent(processor -> {
            if (PAUSED.equals(state) && processor.isRunning()) {
                log.info("Stopping processor '{}' on this node (generation {})", projection, generation);
                processor.shutdownAsync().join();
            } else if (RUNNING.equals(state) && !processor.isRunning()) {
                log.info("Starting processor '{}' on this node (generation {})", projection, generation);
                processor.start();
            }
        });
    }

    private static Instant claimedAt(String timestamp) {
        try {
            return timestamp == null ? Instant.EPOCH : Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

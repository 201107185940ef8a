package dev.pylearn.operations;

import dev.pylearn.api.Rejection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Replays, status and dead letters of projections, for the admin API and the command line.
 *
 * <p>A replay stops the processor on every node (see {@link ProjectionControl}), resets its tokens
 * through Axon, which runs the projection's {@code @ResetHandler} (clearing its tables and Redis
 * keys), clears its dead letters (they are applied again, or parked again, by the replay) and
 * starts it everywhere. Handlers marked {@code @DisallowReplay} (code execution, commands) never
 * see replayed events, and a processor whose handlers all refuse replays cannot be reset at all.
 * When the replay has caught up, the monitor records it and publishes {@link ReplayFinished}.
 */
@Component
class ProjectionOperations {

    private static final Logger log = LoggerFactory.getLogger(ProjectionOperations.class);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    /** Published on the node that notices a replay has reached the position it was started at. */
    record ReplayFinished(String projection, long events, Duration took) {
    }

    private record Sample(long nanos, long position) {
    }

    /** One dead letter as the admin API shows it. */
    record DeadLetterView(String sequence, long index, String eventType, String eventId, String aggregateId,
                          Long aggregateSequence, String enqueuedAt, String lastTouched, String causeType,
                          String causeMessage) {
    }

    /** What a retry did: sequences tried, sequences that now applied, letters still parked. */
    record RetryResult(int sequences, int succeeded, long remaining) {
    }

    private final JdbcClient jdbc;
    private final ProjectionRegistry registry;
    private final ProjectionControl control;
    private final Tokens tokens;
    private final EventProcessingConfiguration processing;
    private final ApplicationEventPublisher events;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();

    ProjectionOperations(JdbcClient jdbc, ProjectionRegistry registry, ProjectionControl control, Tokens tokens,
                         EventProcessingConfiguration processing, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.control = control;
        this.tokens = tokens;
        this.processing = processing;
        this.events = events;
    }

    // ---- status ----

    List<ProjectionStatus> statuses() {
        long head = head();
        Map<String, Long> deadLetters = deadLetterCounts();
        Map<String, Map<String, Object>> controls = controls();
        List<ProjectionStatus> all = new ArrayList<>();
        registry.processors().forEach((name, processor) ->
                all.add(status(name, processor, head, deadLetters.getOrDefault(name, 0L), controls.get(name))));
        return all;
    }

    ProjectionStatus status(String name) {
        StreamingEventProcessor processor = registry.processor(name);
        return status(name, processor, head(), deadLetterCounts().getOrDefault(name, 0L), controls().get(name));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, long head, long deadLetters,
                                    Map<String, Object> control) {
        List<Tokens.Row> rows = tokens.of(name);
        Map<Integer, EventTrackerStatus> local = processor.processingStatus();
        List<ProjectionStatus.Segment> segments = rows.stream().map(row -> {
            EventTrackerStatus here = local.get(row.segment());
            String error = here != null && here.isErrorState() && here.getError() != null
                    ? here.getError().getClass().getSimpleName() + ": " + here.getError().getMessage() : null;
            return new ProjectionStatus.Segment(row.segment(), row.owner(), row.position(), row.replaying(), error);
        }).toList();
        Long position = Tokens.position(rows);
        long lag = position == null ? head + 1 : Math.max(0, head - position);
        double rate = rate(name);
        boolean replaying = rows.stream().anyMatch(Tokens.Row::replaying);
        ProjectionStatus.Progress replay = replaying ? progress(position,
                rows.stream().filter(Tokens.Row::replaying).mapToLong(Tokens.Row::replayTarget).max().orElse(0), rate)
                : null;
        String operation = control == null ? null : (String) control.get("operation");
        String phase = control == null ? null : (String) control.get("phase");
        boolean rebuilding = "rebuild".equals(operation) && phase != null
                && Rebuilds.ACTIVE.contains("'" + phase + "'");
        ProjectionStatus.Rebuild rebuild = null;
        if (rebuilding) {
            String shadow = Rebuilds.shadowName(name);
            Long shadowPosition = Tokens.position(tokens.of(shadow));
            rebuild = new ProjectionStatus.Rebuild(phase, (String) control.get("node"), instant(control.get("started_at")),
                    progress(shadowPosition, head, rate(shadow)), (String) control.get("detail"));
        }
        String status;
        if (segments.stream().anyMatch(s -> s.error() != null) || processor.isError()) {
            status = "error";
        } else if (rebuilding) {
            status = "rebuilding";
        } else if (replaying) {
            status = "replaying";
        } else if (control != null && ProjectionControl.PAUSED.equals(control.get("desired_state"))) {
            status = "stopped";
        } else if (processor.isRunning() || rows.stream().anyMatch(Tokens.Row::claimed)) {
            status = "running";
        } else {
            status = "stopped";
        }
        return new ProjectionStatus(name, status, processor.supportsReset(), position, head, lag,
                lagSeconds(position, head), rate, segments, replay, rebuild, deadLetters, lastOperation(control));
    }

    private static ProjectionStatus.Progress progress(Long position, long target, double rate) {
        long done = position == null ? 0 : Math.max(0, position + 1);
        double percent = target < 0 ? 100 : Math.min(100, 100.0 * done / (target + 1));
        Double eta = rate > 0 ? Math.max(0, (target - (position == null ? -1 : position)) / rate) : null;
        return new ProjectionStatus.Progress(position, target, Math.round(percent * 10) / 10.0, eta);
    }

    private ProjectionStatus.Operation lastOperation(Map<String, Object> control) {
        if (control == null || control.get("operation") == null) {
            return null;
        }
        Instant started = instant(control.get("started_at"));
        Instant finished = instant(control.get("finished_at"));
        Long count = control.get("events") == null ? null : ((Number) control.get("events")).longValue();
        Double perSecond = null;
        if (started != null && finished != null && count != null) {
            double seconds = Math.max(0.001, Duration.between(started, finished).toMillis() / 1000.0);
            perSecond = Math.round(count / seconds * 10) / 10.0;
        }
        return new ProjectionStatus.Operation((String) control.get("operation"), (String) control.get("phase"),
                started, finished, count, perSecond, (String) control.get("detail"));
    }

    long head() {
        return jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
    }

    private double lagSeconds(Long position, long head) {
        if (position != null && position >= head) {
            return 0;
        }
        return jdbc.sql("SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1")
                .param(position == null ? -1 : position)
                .query(String.class).optional()
                .map(at -> Math.max(0, Duration.between(Instant.parse(at), Instant.now()).toMillis() / 1000.0))
                .orElse(0.0);
    }

    /** Parked events per processing group (groups without any are absent). */
    Map<String, Long> deadLetterCounts() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("SELECT processing_group, count(*) AS letters FROM dead_letter_entry GROUP BY processing_group")
                .query((rs, n) -> counts.put(rs.getString(1), rs.getLong(2))).list();
        return counts;
    }

    private Map<String, Map<String, Object>> controls() {
        Map<String, Map<String, Object>> rows = new HashMap<>();
        jdbc.sql("SELECT * FROM projection_control").query().listOfRows()
                .forEach(row -> rows.put((String) row.get("projection"), row));
        return rows;
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return null;
    }

    /** Events per second over the last few seconds, from the monitor's samples of the position. */
    double rate(String processor) {
        Deque<Sample> window = samples.get(processor);
        if (window == null) {
            return 0;
        }
        synchronized (window) {
            if (window.size() < 2) {
                return 0;
            }
            Sample first = window.peekFirst();
            Sample last = window.peekLast();
            double seconds = (last.nanos() - first.nanos()) / 1e9;
            return seconds <= 0 ? 0 : Math.round(Math.max(0, last.position() - first.position()) / seconds * 10) / 10.0;
        }
    }

    /** Samples positions (for rates) and notices replays that have caught up. */
    @Scheduled(fixedDelayString = "${pylearn.projections.monitor-interval:1s}")
    void monitor() {
        long now = System.nanoTime();
        List<String> names = new ArrayList<>(registry.processors().keySet());
        jdbc.sql("SELECT DISTINCT processor_name FROM token_entry WHERE processor_name LIKE '%" + Rebuilds.SUFFIX + "'")
                .query(String.class).list().forEach(names::add);
        for (String name : names) {
            Long position = Tokens.position(tokens.of(name));
            if (position == null) {
                continue;
            }
            Deque<Sample> window = samples.computeIfAbsent(name, n -> new ArrayDeque<>());
            synchronized (window) {
                window.addLast(new Sample(now, position));
                while (window.size() > 2 && now - window.peekFirst().nanos() > RATE_WINDOW.toNanos()) {
                    window.removeFirst();
                }
            }
        }
        finishReplays();
    }

    private void finishReplays() {
        List<String> running = jdbc.sql("SELECT projection FROM projection_control "
                        + "WHERE operation = 'replay' AND phase = 'running'")
                .query(String.class).list();
        for (String name : running) {
            List<Tokens.Row> rows = tokens.of(name);
            if (rows.isEmpty() || rows.stream().anyMatch(Tokens.Row::replaying)) {
                continue;
            }
            Long position = Tokens.position(rows);
            List<Map<String, Object>> finished = jdbc.sql("""
                            UPDATE projection_control SET phase = 'finished', finished_at = now(), events = ?,
                                updated_at = now()
                            WHERE projection = ? AND operation = 'replay' AND phase = 'running'
                            RETURNING started_at, finished_at""")
                    .params(position == null ? 0 : position + 1, name)
                    .query().listOfRows();
            if (!finished.isEmpty()) {
                Duration took = Duration.between(instant(finished.get(0).get("started_at")),
                        instant(finished.get(0).get("finished_at")));
                long count = position == null ? 0 : position + 1;
                log.info("Replay of '{}' finished: {} events in {} ms", name, count, took.toMillis());
                events.publishEvent(new ReplayFinished(name, count, took));
            }
        }
    }

    // ---- replay ----

    ProjectionStatus replay(String name) {
        StreamingEventProcessor processor = registry.processor(name);
        if (!processor.supportsReset()) {
            throw new Rejection(Rejection.Kind.CONFLICT, "replay-not-allowed", "Replay not allowed",
                    "'" + name + "' has side effects that must never run twice (its handlers refuse replays).");
        }
        refuseWhileBusy(name);
        control.desire(name, ProjectionControl.PAUSED);
        try {
            if (!control.awaitReleased(name, RELEASE_TIMEOUT)) {
                throw new Rejection(Rejection.Kind.CONFLICT, "projection-busy", "Projection busy",
                        "Another node did not release '" + name + "' within " + RELEASE_TIMEOUT.toSeconds()
                                + " s; nothing was reset. Try again.");
            }
            processor.resetTokens();
            // the replay applies every event again: parked ones are applied or parked anew
            jdbc.sql("DELETE FROM dead_letter_entry WHERE processing_group = ?").param(name).update();
            jdbc.sql("""
                            UPDATE projection_control SET operation = 'replay', phase = 'running', node = ?,
                                started_at = now(), finished_at = NULL, events = NULL, detail = NULL, updated_at = now()
                            WHERE projection = ?""")
                    .params(control.node(), name).update();
            log.info("Replay of '{}' started", name);
        } finally {
            control.desire(name, ProjectionControl.RUNNING);
        }
        return status(name);
    }

    void refuseWhileBusy(String name) {
        String busy = jdbc.sql("SELECT operation FROM projection_control WHERE projection = ? "
                        + "AND operation = 'rebuild' AND phase IN " + Rebuilds.ACTIVE)
                .param(name).query(String.class).optional().orElse(null);
        if (busy != null) {
            throw new Rejection(Rejection.Kind.CONFLICT, "operation-in-progress", "Operation in progress",
                    "A rebuild of '" + name + "' is in progress; cancel it first (DELETE .../rebuild).");
        }
    }

    // ---- dead letters ----

    List<DeadLetterView> deadLetters(String name) {
        registry.processor(name);
        return jdbc.sql("""
                        SELECT sequence_identifier, sequence_index, payload_type, event_identifier, aggregate_identifier,
                               sequence_number, enqueued_at, last_touched, cause_type, cause_message
                        FROM dead_letter_entry WHERE processing_group = ?
                        ORDER BY sequence_identifier, sequence_index LIMIT 1000""")
                .param(name)
                .query((rs, n) -> new DeadLetterView(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Long) rs.getObject(6, Long.class), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10)))
                .list();
    }

    RetryResult retryDeadLetters(String name) {
        registry.processor(name);
        SequencedDeadLetterProcessor<?> letters = processing.sequencedDeadLetterProcessor(name)
                .orElseThrow(() -> new Rejection(Rejection.Kind.CONFLICT, "no-dead-letter-queue",
                        "No dead-letter queue", "'" + name + "' does not park failed events."));
        // the first letter of each parked sequence: processing it retries the whole sequence in order
        List<String> firsts = jdbc.sql("""
                        SELECT DISTINCT ON (sequence_identifier) event_identifier FROM dead_letter_entry
                        WHERE processing_group = ? ORDER BY sequence_identifier, sequence_index""")
                .param(name).query(String.class).list();
        int succeeded = 0;
        for (String first : firsts) {
            if (letters.process(letter -> letter.message().getIdentifier().equals(first))) {
                succeeded++;
            }
        }
        long remaining = jdbc.sql("SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?")
                .param(name).query(Long.class).single();
        log.info("Retried {} dead-letter sequence(s) of '{}': {} applied, {} letter(s) still parked",
                firsts.size(), name, succeeded, remaining);
        return new RetryResult(firsts.size(), succeeded, remaining);
    }
}

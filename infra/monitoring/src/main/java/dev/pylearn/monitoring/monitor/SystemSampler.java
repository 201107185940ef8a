package dev.pylearn.monitoring.monitor;

import dev.pylearn.api.submission.SubmissionStatus;
import dev.pylearn.command.submission.SubmissionBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Samples what lives in PostgreSQL rather than in this process, every few seconds, for the gauges,
 * the monitor and the alerts: how far each event processor is behind the event stream (read from
 * the token store, so it covers every node's segments and a stopped processor too), the events each
 * processor has parked in its dead-letter queue, and the execution worker's queue (submissions
 * requested but not yet judged, from the submission read model).
 */
@Component
public class SystemSampler implements SubmissionBacklog {

    private static final Logger log = LoggerFactory.getLogger(SystemSampler.class);

    /** How far one processor is behind: events not yet handled by its slowest segment, and the age of the oldest. */
    public record Lag(String processor, long events, double seconds) {
    }

    private final JdbcClient jdbc;
    private final EventProcessingConfiguration processing;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private volatile Map<String, Lag> lags = Map.of();
    private volatile Map<String, Long> queue = Map.of(SubmissionStatus.QUEUED, 0L, SubmissionStatus.RUNNING, 0L);
    private volatile Map<String, Long> deadLetters = Map.of();
    private final AtomicLong acceptedSinceSample = new AtomicLong();

    SystemSampler(JdbcClient jdbc, JsonMapper json, Clock clock, MeterRegistry registry,
                  EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.json = json;
        this.clock = clock;
        this.registry = registry;
        for (String status : new String[]{SubmissionStatus.QUEUED, SubmissionStatus.RUNNING}) {
            Gauge.builder("pylearn.worker.queue.depth", this, s -> s.queue.getOrDefault(status, 0L))
                    .description("Submissions requested and not yet judged").tag("status", status).register(registry);
        }
    }

    @Scheduled(fixedDelayString = "${pylearn.monitor.sample-interval:5s}", initialDelay = 1000)
    public void sample() {
        try {
            lags = measureLags();
            queue = measureQueue();
            deadLetters = countDeadLetters();
        } catch (RuntimeException e) {
            log.warn("Sampling processor lag, dead letters and worker queue failed: {}", e.getMessage());
        }
    }

    /** One statement over the partial index of open submissions: it reads the queue, not the table. */
    private Map<String, Long> measureQueue() {
        // reset before counting: a submission accepted meanwhile counts twice for a moment, never not at all
        long accepted = acceptedSinceSample.getAndSet(0);
        try {
            Map<String, Long> depth = new HashMap<>(Map.of(SubmissionStatus.QUEUED, 0L, SubmissionStatus.RUNNING, 0L));
            jdbc.sql("SELECT status, count(*) AS n FROM submission WHERE status IN ('queued', 'running') GROUP BY status")
                    .query((rs, i) -> depth.put(rs.getString("status"), rs.getLong("n"))).list();
            return depth;
        } catch (RuntimeException e) {
            acceptedSinceSample.addAndGet(accepted);
            throw e;
        }
    }

    @Override
    public long waiting() {
        Map<String, Long> depth = queue;
        return depth.getOrDefault(SubmissionStatus.QUEUED, 0L) + depth.getOrDefault(SubmissionStatus.RUNNING, 0L) + acceptedSinceSample.get();
    }

    @Override
    public void accepted() {
        acceptedSinceSample.incrementAndGet();
    }

    public Map<String, Lag> lags() {
        return lags;
    }

    public Map<String, Long> queue() {
        return queue;
    }

    /** Events parked in each processor's dead-letter queue (processors without any are absent). */
    public Map<String, Long> deadLetters() {
        return deadLetters;
    }

    private Map<String, Long> countDeadLetters() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.sql("SELECT processing_group, count(*) AS n FROM dead_letter_entry GROUP BY processing_group")
                .query((rs, i) -> counts.put(rs.getString("processing_group"), rs.getLong("n"))).list();
        // a gauge per processor, zero included, so that a rule can tell "none parked" from "no data"
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                gaugeDeadLetters(name);
            }
        });
        counts.keySet().forEach(this::gaugeDeadLetters);
        return counts;
    }

    private void gaugeDeadLetters(String processor) {
        if (gauged.add("dead-letters:" + processor)) {
            Gauge.builder("pylearn.dead.letters", this, s -> s.deadLetters.getOrDefault(processor, 0L))
                    .description("Events parked in an event processor's dead-letter queue, waiting for a retry")
                    .tag("processor", processor).register(registry);
        }
    }

    private Map<String, Lag> measureLags() {
        Long head = jdbc.sql("SELECT max(global_index) FROM domain_event_entry").query(Long.class).optional().orElse(null);
        // stored positions first (every node's segments, stopped processors too), then what this node's
        // running segments know: a stored token only moves when a batch handles something, so a processor
        // that ignored the latest events reads as behind until its next batch unless it says it caught up
        Map<String, Map<Integer, Long>> segments = new TreeMap<>();
        jdbc.sql("SELECT processor_name, segment, token FROM token_entry").query((rs, i) -> {
            byte[] token = rs.getBytes("token");
            long position = token == null ? -1 : position(new String(token, StandardCharsets.UTF_8));
            segments.computeIfAbsent(rs.getString("processor_name"), p -> new HashMap<>()).put(rs.getInt("segment"), position);
            return null;
        }).list();
        long headIndex = head == null ? -1 : head;
        processing.eventProcessors().values().forEach(processor -> {
            if (processor instanceof StreamingEventProcessor streaming && processor.isRunning()
                    && segments.containsKey(processor.getName())) {
                streaming.processingStatus().forEach((segment, status) -> {
                    if (status.isCaughtUp() && !status.isErrorState()) {
                        segments.get(processor.getName()).put(segment, headIndex);
                    } else {
                        status.getCurrentPosition().ifPresent(position ->
                                segments.get(processor.getName()).merge(segment, position, Math::max));
                    }
                });
            }
        });
        Map<String, Long> positions = new TreeMap<>();
        segments.forEach((processor, bySegment) -> positions.put(processor,
                bySegment.values().stream().mapToLong(Long::longValue).min().orElse(-1)));
        Map<String, Lag> measured = new TreeMap<>();
        Instant now = clock.instant();
        positions.forEach((processor, position) -> {
            long behind = head == null ? 0 : Math.max(0, head - position);
            double seconds = 0;
            if (behind > 0) {
                String oldest = jdbc.sql("SELECT time_stamp FROM domain_event_entry WHERE global_index > ? "
                        + "ORDER BY global_index LIMIT 1").param(position).query(String.class).optional().orElse(null);
                if (oldest != null) {
                    seconds = Math.max(0, Duration.between(Instant.parse(oldest), now).toMillis() / 1000.0);
                }
            }
            measured.put(processor, new Lag(processor, behind, seconds));
            if (gauged.add(processor)) {
                Gauge.builder("pylearn.projection.lag.seconds", this,
                                s -> s.lags.getOrDefault(processor, new Lag(processor, 0, 0)).seconds())
                        .description("Age of the oldest event an event processor has not handled yet")
                        .tag("processor", processor).register(registry);
                Gauge.builder("pylearn.projection.lag.events", this,
                                s -> s.lags.getOrDefault(processor, new Lag(processor, 0, 0)).events())
                        .description("Events an event processor has not handled yet").tag("processor", processor)
                        .register(registry);
            }
        });
        return measured;
    }

    /**
     * The global index a stored token stands at: the smallest {@code index} in it (a replay token
     * holds the position it replays from and the one it reached; a merge token two segments'), or
     * -1 before the first event.
     */
    long position(String tokenJson) {
        try {
            long min = minIndex(json.readTree(tokenJson));
            return min == Long.MAX_VALUE ? -1 : min;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long minIndex(JsonNode node) {
        long min = Long.MAX_VALUE;
        if (node == null || !(node.isObject() || node.isArray())) {
            return min;
        }
        JsonNode index = node.get("index");
        if (index != null && index.isNumber()) {
            min = index.asLong();
        }
        for (JsonNode child : node.values()) {
            min = Math.min(min, minIndex(child));
        }
        return min;
    }
}

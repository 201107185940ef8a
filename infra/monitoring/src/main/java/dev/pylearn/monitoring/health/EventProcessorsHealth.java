package dev.pylearn.monitoring.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP once every event processor is running without error and each streaming processor has caught
 * up with the event stream at least once since start-up: a node is not ready while its read models
 * are still being filled. Lag after that does not make it DOWN (that is an alert, not an outage).
 * A processor whose segments are all held by other nodes counts as ready after a grace period.
 */
@Component("eventProcessors")
class EventProcessorsHealth implements HealthIndicator {

    private static final Duration CLAIM_GRACE = Duration.ofSeconds(15);

    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final Instant started;
    private final Set<String> caughtUpOnce = ConcurrentHashMap.newKeySet();

    EventProcessorsHealth(EventProcessingConfiguration processing, Clock clock) {
        this.processing = processing;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean up = true;
        for (EventProcessor processor : processing.eventProcessors().values()) {
            String state;
            if (!processor.isRunning()) {
                state = "not running";
                up = false;
            } else if (processor.isError()) {
                state = "error";
                up = false;
            } else if (processor instanceof StreamingEventProcessor streaming) {
                Map<Integer, EventTrackerStatus> segments = streaming.processingStatus();
                boolean allCaughtUp = segments.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
                boolean othersHoldAll = segments.isEmpty() && clock.instant().isAfter(started.plus(CLAIM_GRACE));
                if ((allCaughtUp && !segments.isEmpty()) || othersHoldAll) {
                    caughtUpOnce.add(processor.getName());
                }
                if (caughtUpOnce.contains(processor.getName())) {
                    state = "running, " + segments.size() + " segment(s) claimed";
                } else {
                    state = "catching up";
                    up = false;
                }
            } else {
                state = "running";
            }
            details.put(processor.getName(), state);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}

package dev.pylearn.infra.health;

import java.util.Map;
import java.util.TreeMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP only when every event processor is running and none has stopped on an error, so a load
 * balancer does not send readers to a node whose projections are not moving.
 */
@Component("eventProcessors")
class EventProcessorsHealth implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    EventProcessorsHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
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
                state = "running, " + streaming.processingStatus().size() + " segment(s) claimed";
            } else {
                state = "running";
            }
            details.put(processor.getName(), state);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}

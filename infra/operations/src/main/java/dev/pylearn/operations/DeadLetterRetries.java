package dev.pylearn.operations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Retries parked events on its own every {@code pylearn.dead-letters.retry-interval} (1 min), as an
 * admin's {@code POST .../dead-letters/retry} would. Most failures that park an event pass (the
 * database restarting while the worker records a verdict, a deploy that fixes a handler): the event
 * is then applied without anyone having to notice first. One that still fails stays parked, with the
 * new cause, and keeps its alert open. Several nodes retrying at once is harmless: a letter being
 * processed is claimed in the queue's table, and the others skip it.
 */
@Component
class DeadLetterRetries {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetries.class);

    private final ProjectionOperations operations;
    private final ProjectionRegistry registry;

    DeadLetterRetries(ProjectionOperations operations, ProjectionRegistry registry) {
        this.operations = operations;
        this.registry = registry;
    }

    @Scheduled(fixedDelayString = "${pylearn.dead-letters.retry-interval:1m}",
            initialDelayString = "${pylearn.dead-letters.retry-interval:1m}")
    void retryParked() {
        try {
            operations.deadLetterCounts().keySet().stream()
                    .filter(registry.processors()::containsKey)
                    .forEach(operations::retryDeadLetters);
        } catch (RuntimeException e) {
            log.warn("Retrying parked events failed: {}", e.getMessage());
        }
    }
}

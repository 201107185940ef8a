package dev.pylearn.operations;

import dev.pylearn.api.learner.XpAwarded;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * A test-only projection with a bug: it throws for XP awarded with a reason starting "poison" until
 * the bug is "fixed". It remembers what it applied, which is all the dead-letter test needs.
 */
@Component
@ProcessingGroup(PoisonProbe.GROUP)
class PoisonProbe {

    static final String GROUP = "dead-letter-probe";
    static final Set<String> APPLIED = ConcurrentHashMap.newKeySet();
    static volatile boolean fixed;

    @EventHandler
    void on(XpAwarded event) {
        if (!fixed && event.reason().startsWith("poison")) {
            throw new IllegalStateException("cannot apply " + event.reason());
        }
        APPLIED.add(event.learnerId() + ":" + event.reason());
    }
}

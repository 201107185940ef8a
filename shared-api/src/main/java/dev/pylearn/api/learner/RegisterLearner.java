package dev.pylearn.api.learner;

import java.time.Instant;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Opens a learner account: creates the {@code Learner} aggregate and claims the username.
 * The password arrives already hashed; the hash and roles go to the account table, never into an event.
 */
public record RegisterLearner(
        @TargetAggregateIdentifier String learnerId,
        String username,
        String displayName,
        String timezone,
        String passwordHash,
        Set<String> roles,
        Instant at) {
}

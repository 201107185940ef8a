package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the name a learner is shown by (leaderboards, profile); answered with a {@link LearnerChangeResult}. */
public record ChangeDisplayName(@TargetAggregateIdentifier String learnerId, String displayName, Instant at) {
}

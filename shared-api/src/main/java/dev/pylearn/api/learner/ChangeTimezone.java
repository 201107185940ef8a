package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets the time zone a learner's days are counted in, from now on (days already counted stay as
 * they were); answered with a {@link LearnerChangeResult}.
 */
public record ChangeTimezone(@TargetAggregateIdentifier String learnerId, String timezone, Instant at) {
}

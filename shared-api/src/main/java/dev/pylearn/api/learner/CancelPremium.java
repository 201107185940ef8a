package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns premium off for a learner. */
public record CancelPremium(@TargetAggregateIdentifier String learnerId, Instant at) {
}

package dev.pylearn.api.learner;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Turns premium on for a learner (a stand-in for a payment provider's confirmation). */
public record StartPremium(@TargetAggregateIdentifier String learnerId, Instant at) {
}

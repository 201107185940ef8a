package dev.pylearn.api.tutor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider failed or timed out on a question: the question gives its place of the day back. */
public record RecordTutorFailure(@TargetAggregateIdentifier String learnerId, String questionId, String provider,
                                 String reason, long latencyMs, Instant at) {
}

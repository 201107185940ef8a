package dev.pylearn.api.challenge;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A submission of the learner passed; the first pass of a challenge solves it and earns its XP. */
public record RecordChallengePass(@TargetAggregateIdentifier String learnerId, String challengeId,
                                  String submissionId, Instant at) {
}

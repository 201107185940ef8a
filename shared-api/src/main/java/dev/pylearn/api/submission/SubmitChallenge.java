package dev.pylearn.api.submission;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A learner submits code for a challenge. Handled by the {@code Learner} (locks and the per-minute
 * limit are the learner's), which creates the {@code Submission}.
 */
public record SubmitChallenge(@TargetAggregateIdentifier String learnerId, String submissionId, String challengeId,
                              String code, Instant at) {
}

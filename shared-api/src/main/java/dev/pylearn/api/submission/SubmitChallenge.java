package dev.pylearn.api.submission;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A learner submits code for a challenge. Handled by the {@code Learner} (locks and the per-minute
 * limit are the learner's), which creates the {@code Submission}. {@code battleId} is set when the
 * code is a battle's (the battle assigned the challenge, so the track's locks do not apply); null otherwise.
 */
public record SubmitChallenge(@TargetAggregateIdentifier String learnerId, String submissionId, String challengeId,
                              String code, Instant at, String battleId) {

    public SubmitChallenge(String learnerId, String submissionId, String challengeId, String code, Instant at) {
        this(learnerId, submissionId, challengeId, code, at, null);
    }
}

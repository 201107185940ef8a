package dev.pylearn.api.submission;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker begins running {@code attempt}; answered true when the run should go ahead. */
public record StartSubmissionRun(@TargetAggregateIdentifier String submissionId, int attempt, String worker,
                                 Instant at) {
}

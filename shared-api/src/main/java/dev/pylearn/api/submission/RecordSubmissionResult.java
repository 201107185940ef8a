package dev.pylearn.api.submission;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker reports the outcome of {@code attempt}: status passed, failed or error. Recording twice is a no-op. */
public record RecordSubmissionResult(@TargetAggregateIdentifier String submissionId, int attempt, String status,
                                     String message, List<TestOutcome> tests, Instant at) {
}

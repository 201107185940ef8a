package dev.pylearn.api.submission;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A worker reports one test of {@code attempt} as soon as it is judged, so a learner watching the
 * submission sees each verdict arrive; {@code index} is the test's place in the challenge. The
 * attempt's {@link RecordSubmissionResult} still carries every outcome and decides the verdict.
 * Reporting a test twice, or after the result, is a no-op.
 */
public record RecordTestOutcome(@TargetAggregateIdentifier String submissionId, int attempt, int index,
                                TestOutcome outcome, Instant at) {
}

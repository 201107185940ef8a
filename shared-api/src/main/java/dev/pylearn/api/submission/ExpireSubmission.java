package dev.pylearn.api.submission;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A submission's {@code attempt} has not finished before its deadline: queue it again, or end it with
 * a reason once the attempts are used up. A no-op when the attempt has moved on or finished.
 */
public record ExpireSubmission(@TargetAggregateIdentifier String submissionId, int attempt, Instant at) {
}

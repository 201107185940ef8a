package dev.pylearn.api.tutor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The tutor's whole answer to a question, with what it cost: tokens in and out, latency, provider and model. */
public record RecordTutorAnswer(@TargetAggregateIdentifier String learnerId, String questionId, String answer,
                                String provider, String model, int tokensIn, int tokensOut, long latencyMs,
                                Instant at) {
}

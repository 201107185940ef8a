package dev.pylearn.api.tutor;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A learner asks the AI tutor a question, about a lesson, a challenge or nothing in particular
 * ({@code contextKind} lesson, challenge or general). Counted against the learner's daily limit
 * in their own local day; answered with {@link TutorAskResult}, which says whether it was taken.
 */
public record AskTutor(@TargetAggregateIdentifier String learnerId, String questionId, String conversationId,
                       String contextKind, String contextId, String question, Instant at) {
}

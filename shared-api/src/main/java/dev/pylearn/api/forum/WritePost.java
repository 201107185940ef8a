package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner replies in a thread (a lesson's or challenge's discussion is opened by its first reply). */
public record WritePost(@TargetAggregateIdentifier String threadId, String postId, String authorId, String body, Instant at) {
}

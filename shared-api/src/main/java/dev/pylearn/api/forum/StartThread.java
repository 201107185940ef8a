package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A learner starts a thread in a category with its first post; sent to the category, which must exist. */
public record StartThread(@TargetAggregateIdentifier String categoryId, String threadId, String postId, String authorId,
                          String title, String body, Instant at) {
}

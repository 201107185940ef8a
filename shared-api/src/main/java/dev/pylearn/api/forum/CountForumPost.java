package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Counts a post the learner wrote towards the {@code forum_posts} achievements (sent by the forum, not by clients). */
public record CountForumPost(@TargetAggregateIdentifier String learnerId, String postId, Instant at) {
}

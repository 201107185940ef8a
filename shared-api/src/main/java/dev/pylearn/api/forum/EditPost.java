package dev.pylearn.api.forum;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The author replaces the text of their own post. */
public record EditPost(@TargetAggregateIdentifier String postId, String editorId, String body, Instant at) {
}

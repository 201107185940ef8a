package dev.pylearn.api.forum;

import java.time.Instant;

/** A post was deleted by its author. */
public record PostDeleted(String postId, String threadId, Instant at) {
}

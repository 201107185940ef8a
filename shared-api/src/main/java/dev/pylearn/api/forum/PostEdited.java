package dev.pylearn.api.forum;

import java.time.Instant;

/** A post's new text; every earlier text stays in the post's events. */
public record PostEdited(String postId, String threadId, String body, Instant at) {
}

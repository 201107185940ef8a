package dev.pylearn.api.forum;

import java.time.Instant;

/** A post, in Markdown as written; the read model renders and sanitizes it. */
public record PostWritten(String postId, String threadId, String authorId, String body, Instant at) {
}

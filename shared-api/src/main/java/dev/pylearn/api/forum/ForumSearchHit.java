package dev.pylearn.api.forum;

import java.time.Instant;

/** A thread whose title matched ({@code postId} null) or a post whose text matched, with an excerpt. */
public record ForumSearchHit(String threadId, String postId, String title, String excerpt, Instant at) {
}

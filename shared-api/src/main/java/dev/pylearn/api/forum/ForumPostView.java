package dev.pylearn.api.forum;

import java.time.Instant;

/**
 * A post as a thread shows it. {@code html} is the sanitized rendering of {@code markdown}; both are null
 * for a deleted post and for a hidden one (then {@code hideReason} says why). A post an admin showed again
 * carries the admin's {@code unhideReason}.
 */
public record ForumPostView(String postId, String threadId, String authorId, String authorName, String markdown,
                            String html, Instant writtenAt, Instant editedAt, boolean deleted, boolean hidden,
                            String hideReason, String unhideReason) {
}

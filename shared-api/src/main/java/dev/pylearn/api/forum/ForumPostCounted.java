package dev.pylearn.api.forum;

import java.time.Instant;

/** The learner has written {@code total} forum posts. */
public record ForumPostCounted(String learnerId, String postId, int total, Instant at) {
}

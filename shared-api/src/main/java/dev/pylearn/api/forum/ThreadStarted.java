package dev.pylearn.api.forum;

import java.time.Instant;

/**
 * A thread exists. {@code subjectKind} is {@code category} for a thread a learner started (then
 * {@code authorId} is set), {@code lesson} or {@code challenge} for the discussion of that lesson or
 * challenge ({@code subjectId}; no category, no author: it opens with its first reply).
 */
public record ThreadStarted(String threadId, String categoryId, String subjectKind, String subjectId, String title,
                            String authorId, Instant at) {
}

package dev.pylearn.api.forum;

import java.time.Instant;

/** A thread in a category's list or a search result. */
public record ForumThreadSummary(String threadId, String categoryId, String subjectKind, String subjectId, String title,
                                 String authorName, int postCount, Instant lastActivityAt, boolean locked) {
}

package dev.pylearn.api.forum;

import java.time.Instant;

/** A category as the forum's home lists it. */
public record ForumCategoryView(String categoryId, String title, String description, int threadCount, int postCount,
                                Instant lastActivityAt) {
}

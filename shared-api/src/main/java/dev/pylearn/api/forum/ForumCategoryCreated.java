package dev.pylearn.api.forum;

import java.time.Instant;

/** A forum category exists from now on. */
public record ForumCategoryCreated(String categoryId, String title, String description, String createdBy, Instant at) {
}

package dev.pylearn.api.forum;

/** A page of a category's threads after {@code cursor} (null: the first page); 404 for an unknown category. */
public record FindForumCategoryPage(String categoryId, String cursor, int limit) {
}

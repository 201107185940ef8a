package dev.pylearn.api.forum;

/** Whether a category's read-model row exists (0) or not (-1); its updates tell waiting writers. */
public record FindForumCategoryVersion(String categoryId) {
}

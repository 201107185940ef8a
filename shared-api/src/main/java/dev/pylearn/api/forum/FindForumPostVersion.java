package dev.pylearn.api.forum;

/** The version of a post's read-model row (-1 when absent); its updates tell waiting writers. */
public record FindForumPostVersion(String postId) {
}

package dev.pylearn.api.forum;

/** The version of a thread's read-model row (-1 when absent); its updates tell waiting writers. */
public record FindForumThreadVersion(String threadId) {
}

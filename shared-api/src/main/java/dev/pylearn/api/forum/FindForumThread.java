package dev.pylearn.api.forum;

/** A page of a thread's posts after {@code cursor} (null: the first page); 404 for an unknown thread. */
public record FindForumThread(String threadId, String cursor, int limit) {
}

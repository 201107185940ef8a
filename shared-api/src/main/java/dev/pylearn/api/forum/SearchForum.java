package dev.pylearn.api.forum;

/** Full-text search over thread titles and posts (PostgreSQL {@code websearch_to_tsquery} syntax). */
public record SearchForum(String text, String cursor, int limit) {
}

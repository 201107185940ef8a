package dev.pylearn.api.catalog;

/** A lesson was published, or its content changed. {@code body} is Markdown. */
public record LessonPublished(String lessonId, String trackId, String moduleId, String title, int xp, String body) {
}

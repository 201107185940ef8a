package dev.pylearn.api.catalog;

/** A lesson page: Markdown body, XP, and whether the caller has completed it. */
public record LessonView(String lessonId, String trackId, String moduleId, String title, int xp, boolean premium,
                         boolean completed, String body) {
}

package dev.pylearn.api.catalog;

/** A lesson was removed from a track's content. Completions already earned stay earned. */
public record LessonRetired(String lessonId, String trackId) {
}

package dev.pylearn.api.catalog;

/** One lesson with its body; {@code learnerId} may be null (anonymous). */
public record FindLesson(String lessonId, String learnerId) {
}

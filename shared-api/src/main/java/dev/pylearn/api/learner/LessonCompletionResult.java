package dev.pylearn.api.learner;

/**
 * What a {@link CompleteLesson} achieved: the XP it earned (0 when the lesson was already done)
 * and the learner's state afterwards. {@code version} is the learner's event sequence number, which
 * callers use to wait until read models have caught up.
 */
public record LessonCompletionResult(String lessonId, int xpAwarded, boolean alreadyCompleted, long totalXp,
                                     int level, long version) {
}

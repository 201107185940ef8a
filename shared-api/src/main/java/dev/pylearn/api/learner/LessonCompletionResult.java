package dev.pylearn.api.learner;

import java.util.List;

/**
 * What a {@link CompleteLesson} achieved: {@code xpAwarded} is all the XP it earned (the lesson's
 * {@code lessonXp} plus the rewards of {@code achievementsUnlocked}; 0 when the lesson was already
 * done) and the learner's state afterwards. {@code version} is the learner's event sequence number,
 * which callers use to wait until read models have caught up.
 */
public record LessonCompletionResult(String lessonId, int xpAwarded, int lessonXp, List<String> achievementsUnlocked,
                                     boolean alreadyCompleted, long totalXp, int level, long version) {
}

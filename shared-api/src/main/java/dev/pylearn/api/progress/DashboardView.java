package dev.pylearn.api.progress;

import java.util.List;

/** The dashboard: the learner's standing and progress through every track, in catalog order. */
public record DashboardView(String learnerId, long xp, int level, long xpForNextLevel, int currentStreak,
                           int longestStreak, boolean premium, List<TrackProgress> tracks) {

    /**
     * Progress through one track. {@code nextLesson} is the first lesson not yet completed, or null;
     * {@code prerequisiteTrackId} is the track to finish first, or null (it may be finished already).
     */
    public record TrackProgress(String trackId, String title, int completedLessons, int totalLessons,
                                int completionPercentage, LessonRef nextLesson, boolean locked, String lockReason,
                                String prerequisiteTrackId) {
    }

    /** A lesson named by id and title. */
    public record LessonRef(String lessonId, String title) {
    }
}

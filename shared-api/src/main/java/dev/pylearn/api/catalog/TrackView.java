package dev.pylearn.api.catalog;

import dev.pylearn.api.challenge.ChallengeSummaryView;
import java.util.List;

/**
 * A track page. {@code locked}/{@code lockReason} and each lesson's {@code completed}/{@code locked}
 * describe the caller; for an anonymous caller nothing is completed and premium tracks are locked.
 */
public record TrackView(String trackId, String title, String description, boolean premium,
                        String prerequisiteTrackId, int lessonCount, boolean locked, String lockReason,
                        List<ModuleView> modules, List<ChallengeSummaryView> challenges) {

    /** A module of the track page. */
    public record ModuleView(String moduleId, String title, List<LessonSummary> lessons) {
    }

    /** A lesson line on the track page. */
    public record LessonSummary(String lessonId, String title, int xp, boolean completed, boolean locked) {
    }
}

package dev.pylearn.api.catalog;

import java.util.List;

/**
 * A track was published or its outline changed (title, description, access rules, modules, lesson
 * order, titles or XP). Carries the full outline so a read model can be rebuilt from the latest one.
 */
public record TrackPublished(
        String trackId,
        int position,
        String title,
        String description,
        boolean premium,
        String prerequisiteTrackId,
        List<ModuleOutline> modules) {

    /** A module and its lessons, in reading order. */
    public record ModuleOutline(String moduleId, String title, List<LessonOutline> lessons) {
    }

    /** A lesson's place in the outline. */
    public record LessonOutline(String lessonId, String title, int xp) {
    }
}

package dev.pylearn.command.catalog;

import dev.pylearn.api.catalog.TrackPublished;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link LessonRules}' tables in step with the catalog. Its processing group runs subscribing,
 * in the publishing transaction, so a lesson can be completed the moment its track is published.
 * Each outline replaces the track's rows whole, which makes the handler idempotent.
 */
@Component
@ProcessingGroup(LessonRulesUpdater.GROUP)
class LessonRulesUpdater {

    static final String GROUP = "lesson-rules";

    private final JdbcClient jdbc;

    LessonRulesUpdater(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TrackPublished event) {
        jdbc.sql("""
                        INSERT INTO track_rule (track_id, premium, prerequisite_track_id) VALUES (?, ?, ?)
                        ON CONFLICT (track_id) DO UPDATE
                        SET premium = excluded.premium, prerequisite_track_id = excluded.prerequisite_track_id""")
                .params(event.trackId(), event.premium(), event.prerequisiteTrackId())
                .update();
        jdbc.sql("DELETE FROM lesson_rule WHERE track_id = ?").param(event.trackId()).update();
        event.modules().forEach(module -> module.lessons().forEach(lesson -> jdbc.sql("""
                        INSERT INTO lesson_rule (lesson_id, track_id, xp) VALUES (?, ?, ?)
                        ON CONFLICT (lesson_id) DO UPDATE SET track_id = excluded.track_id, xp = excluded.xp""")
                .params(lesson.lessonId(), event.trackId(), lesson.xp())
                .update()));
    }
}

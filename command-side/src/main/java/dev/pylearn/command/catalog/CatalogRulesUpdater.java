package dev.pylearn.command.catalog;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.achievement.AchievementPublished;
import dev.pylearn.api.achievement.AchievementRetired;
import dev.pylearn.api.catalog.TrackPublished;
import dev.pylearn.api.challenge.ChallengePublished;
import dev.pylearn.api.challenge.ChallengeRetired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the tables of {@link LessonRules} and {@link ChallengeRules} in step with the catalog. Its processing group runs subscribing,
 * in the publishing transaction, so a lesson can be completed the moment its track is published.
 * Each outline replaces the track's rows whole, which makes the handler idempotent. Lesson and
 * achievement rules are held in memory by {@link CatalogRulesCache}, which each change here clears.
 */
@Component
@ProcessingGroup(CatalogRulesUpdater.GROUP)
class CatalogRulesUpdater {

    static final String GROUP = ProcessingGroups.LESSON_RULES;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CatalogRulesCache rules;

    CatalogRulesUpdater(JdbcClient jdbc, JsonMapper json, CatalogRulesCache rules) {
        this.jdbc = jdbc;
        this.json = json;
        this.rules = rules;
    }

    @EventHandler
    void on(TrackPublished event) {
        rules.changing(jdbc);
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

    @EventHandler
    void on(ChallengePublished event) {
        jdbc.sql("""
                        INSERT INTO challenge_rule (challenge_id, track_id, xp, style, time_limit_ms, tests)
                        VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))
                        ON CONFLICT (challenge_id) DO UPDATE SET track_id = excluded.track_id, xp = excluded.xp,
                            style = excluded.style, time_limit_ms = excluded.time_limit_ms, tests = excluded.tests""")
                .params(event.challengeId(), event.trackId(), event.xp(), event.style().name(), event.timeLimitMs(),
                        json.writeValueAsString(event.tests()))
                .update();
    }

    @EventHandler
    void on(ChallengeRetired event) {
        jdbc.sql("DELETE FROM challenge_rule WHERE challenge_id = ? AND track_id = ?")
                .params(event.challengeId(), event.trackId())
                .update();
    }

    @EventHandler
    void on(AchievementPublished event) {
        rules.changing(jdbc);
        var definition = event.definition();
        jdbc.sql("""
                        INSERT INTO achievement_rule (achievement_id, position, title, kind, threshold, track_id, xp)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (achievement_id) DO UPDATE SET position = excluded.position, title = excluded.title,
                            kind = excluded.kind, threshold = excluded.threshold, track_id = excluded.track_id,
                            xp = excluded.xp""")
                .params(definition.achievementId(), event.position(), definition.title(), definition.kind(),
                        definition.threshold(), definition.trackId(), definition.xp())
                .update();
    }

    @EventHandler
    void on(AchievementRetired event) {
        rules.changing(jdbc);
        jdbc.sql("DELETE FROM achievement_rule WHERE achievement_id = ?").param(event.achievementId()).update();
    }
}

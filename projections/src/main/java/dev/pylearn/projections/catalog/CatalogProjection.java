package dev.pylearn.projections.catalog;

import dev.pylearn.api.names.ProcessingGroups;
import dev.pylearn.api.achievement.AchievementPublished;
import dev.pylearn.api.achievement.AchievementRetired;
import dev.pylearn.api.catalog.LessonPublished;
import dev.pylearn.api.catalog.LessonRetired;
import dev.pylearn.api.catalog.TrackPublished;
import dev.pylearn.api.challenge.ChallengePublished;
import dev.pylearn.api.challenge.ChallengeRetired;
import dev.pylearn.api.challenge.ChallengeTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import dev.pylearn.projections.support.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import dev.pylearn.projections.cache.CacheEvictions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code catalog_track} and {@code catalog_lesson}: the public catalog. Rows carry the track
 * aggregate's sequence number, so an event already applied is skipped and a replay is harmless.
 * Cached catalog reads are evicted after each committed batch.
 */
@Component
@ReadModel(tables = {"catalog_track", "catalog_lesson", "catalog_challenge", "achievement_definition"},
        caches = {CacheEvictions.CATALOG, CacheEvictions.USER})
@ProcessingGroup(CatalogProjection.GROUP)
class CatalogProjection {

    static final String GROUP = ProcessingGroups.CATALOG;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CacheEvictions evictions;

    CatalogProjection(JdbcClient jdbc, JsonMapper json, CacheEvictions evictions) {
        this.jdbc = jdbc;
        this.json = json;
        this.evictions = evictions;
    }

    @EventHandler
    void on(TrackPublished event, @SequenceNumber long version) {
        List<TrackPublished.LessonOutline> lessons = event.modules().stream().flatMap(m -> m.lessons().stream()).toList();
        jdbc.sql("""
                        INSERT INTO catalog_track (track_id, position, title, description, premium, prerequisite_track_id,
                                                   lesson_count, lesson_ids, lesson_titles, modules, version)
                        VALUES (:id, :position, :title, :description, :premium, :prerequisite, :count,
                                :lessonIds, :lessonTitles, CAST(:modules AS jsonb), :version)
                        ON CONFLICT (track_id) DO UPDATE SET
                            position = excluded.position, title = excluded.title, description = excluded.description,
                            premium = excluded.premium, prerequisite_track_id = excluded.prerequisite_track_id,
                            lesson_count = excluded.lesson_count, lesson_ids = excluded.lesson_ids,
                            lesson_titles = excluded.lesson_titles, modules = excluded.modules, version = excluded.version
                        WHERE catalog_track.version < excluded.version""")
                .param("id", event.trackId())
                .param("position", event.position())
                .param("title", event.title())
                .param("description", event.description())
                .param("premium", event.premium())
                .param("prerequisite", event.prerequisiteTrackId())
                .param("count", lessons.size())
                .param("lessonIds", lessons.stream().map(TrackPublished.LessonOutline::lessonId).toArray(String[]::new))
                .param("lessonTitles", lessons.stream().map(TrackPublished.LessonOutline::title).toArray(String[]::new))
                .param("modules", json.writeValueAsString(event.modules()))
                .param("version", version)
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(LessonPublished event, @SequenceNumber long version) {
        jdbc.sql("""
                        INSERT INTO catalog_lesson (lesson_id, track_id, module_id, title, xp, body, body_html, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (lesson_id) DO UPDATE SET
                            track_id = excluded.track_id, module_id = excluded.module_id, title = excluded.title,
                            xp = excluded.xp, body = excluded.body, body_html = excluded.body_html,
                            version = excluded.version
                        WHERE catalog_lesson.track_id <> excluded.track_id OR catalog_lesson.version <= excluded.version""")
                .params(event.lessonId(), event.trackId(), event.moduleId(), event.title(), event.xp(), event.body(),
                        LessonHtml.render(event.body()), version)
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(LessonRetired event) {
        // only the owning track may retire it: the lesson may have moved to another track meanwhile
        jdbc.sql("DELETE FROM catalog_lesson WHERE lesson_id = ? AND track_id = ?")
                .params(event.lessonId(), event.trackId())
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(ChallengePublished event, @SequenceNumber long version) {
        List<Map<String, String>> visible = new ArrayList<>();
        for (ChallengeTest test : event.tests()) {
            if (!test.hidden()) {
                Map<String, String> shown = new LinkedHashMap<>();
                shown.put("name", test.name());
                shown.put("display", test.display());
                shown.put("stdin", test.stdin());
                shown.put("expectedStdout", test.expectedStdout());
                visible.add(shown);
            }
        }
        jdbc.sql("""
                        INSERT INTO catalog_challenge (challenge_id, track_id, position, title, difficulty, xp,
                            time_limit_ms, style, statement, statement_html, starter_code, visible_tests, hidden_tests,
                            hints, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, CAST(? AS jsonb), ?)
                        ON CONFLICT (challenge_id) DO UPDATE SET track_id = excluded.track_id,
                            position = excluded.position, title = excluded.title, difficulty = excluded.difficulty,
                            xp = excluded.xp, time_limit_ms = excluded.time_limit_ms, style = excluded.style,
                            statement = excluded.statement, statement_html = excluded.statement_html,
                            starter_code = excluded.starter_code,
                            visible_tests = excluded.visible_tests, hidden_tests = excluded.hidden_tests,
                            hints = excluded.hints, version = excluded.version
                        WHERE catalog_challenge.track_id <> excluded.track_id
                           OR catalog_challenge.version <= excluded.version""")
                .params(event.challengeId(), event.trackId(), event.position(), event.title(), event.difficulty(),
                        event.xp(), event.timeLimitMs(), event.style().name().toLowerCase(java.util.Locale.ROOT),
                        event.statement(), LessonHtml.render(event.statement()), event.starterCode(),
                        json.writeValueAsString(visible),
                        event.tests().size() - visible.size(), json.writeValueAsString(event.hints()), version)
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(ChallengeRetired event) {
        jdbc.sql("DELETE FROM catalog_challenge WHERE challenge_id = ? AND track_id = ?")
                .params(event.challengeId(), event.trackId())
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(AchievementPublished event, @SequenceNumber long version) {
        var d = event.definition();
        jdbc.sql("""
                        INSERT INTO achievement_definition (achievement_id, position, title, description, kind, threshold,
                                                            track_id, xp, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (achievement_id) DO UPDATE SET position = excluded.position,
                            title = excluded.title, description = excluded.description, kind = excluded.kind,
                            threshold = excluded.threshold, track_id = excluded.track_id, xp = excluded.xp,
                            version = excluded.version
                        WHERE achievement_definition.version < excluded.version""")
                .params(d.achievementId(), event.position(), d.title(), d.description(), d.kind(), d.threshold(),
                        d.trackId(), d.xp(), version)
                .update();
        evictAfterCommit();
    }

    @EventHandler
    void on(AchievementRetired event) {
        jdbc.sql("DELETE FROM achievement_definition WHERE achievement_id = ?").param(event.achievementId()).update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE catalog_track, catalog_lesson, catalog_challenge, achievement_definition").update();
        evictAfterCommit();
    }

    /** The catalog changed: cached catalog reads and dashboards (which show the catalog) go. */
    private void evictAfterCommit() {
        evictions.clearAfterCommit(CacheEvictions.CATALOG);
        evictions.clearAfterCommit(CacheEvictions.USER);
    }
}

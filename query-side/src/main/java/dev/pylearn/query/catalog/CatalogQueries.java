package dev.pylearn.query.catalog;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.api.catalog.FindLesson;
import dev.pylearn.api.catalog.FindTrack;
import dev.pylearn.api.catalog.FindTracks;
import dev.pylearn.api.catalog.LessonView;
import dev.pylearn.api.catalog.LockReason;
import dev.pylearn.api.catalog.TrackSummaryView;
import dev.pylearn.api.catalog.TrackView;
import dev.pylearn.api.challenge.ChallengeSummaryView;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.queryhandling.QueryHandler;
import dev.pylearn.query.cache.CachedReads;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Catalog reads, each one statement. The public track list is cached; the catalog projection
 * evicts the cache whenever the catalog changes. Per-learner pages are never cached.
 */
@Component
class CatalogQueries {

    /** The shape of {@code catalog_track.modules}, as the projection wrote it. */
    private record ModuleOutline(String moduleId, String title, List<LessonOutline> lessons) {
    }

    private record LessonOutline(String lessonId, String title, int xp) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final CachedReads cached;

    CatalogQueries(JdbcClient jdbc, JsonMapper json, CachedReads cached) {
        this.jdbc = jdbc;
        this.json = json;
        this.cached = cached;
    }

    @QueryHandler
    List<TrackSummaryView> handle(FindTracks query) {
        String tracks = cached.catalog(CacheNames.TRACKS, () -> json.writeValueAsString(loadTracks()));
        return List.of(json.readValue(tracks, TrackSummaryView[].class));
    }

    private List<TrackSummaryView> loadTracks() {
        return jdbc.sql("""
                        SELECT track_id, title, description, premium, prerequisite_track_id, lesson_count
                        FROM catalog_track ORDER BY position""")
                .query((rs, n) -> new TrackSummaryView(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5), rs.getInt(6)))
                .list();
    }

    @QueryHandler
    Optional<TrackView> handle(FindTrack query) {
        return jdbc.sql("""
                        SELECT t.track_id, t.title, t.description, t.premium, t.prerequisite_track_id, t.lesson_count,
                               t.modules::text AS modules, COALESCE(d.premium, FALSE) AS learner_premium,
                               d.completed_lessons, p.lesson_ids AS prerequisite_lessons,
                               (SELECT COALESCE(json_agg(json_build_object('challengeId', c.challenge_id,
                                        'trackId', c.track_id, 'title', c.title, 'difficulty', c.difficulty,
                                        'xp', c.xp, 'solved', COALESCE(c.challenge_id = ANY (d.solved_challenges), FALSE))
                                        ORDER BY c.position), '[]')::text
                                FROM catalog_challenge c WHERE c.track_id = t.track_id) AS challenges
                        FROM catalog_track t
                        LEFT JOIN learner_dashboard d ON d.learner_id = ?
                        LEFT JOIN catalog_track p ON p.track_id = t.prerequisite_track_id
                        WHERE t.track_id = ?""")
                .params(query.learnerId(), query.trackId())
                .query((rs, n) -> {
                    Set<String> completed = new HashSet<>(strings(rs.getArray("completed_lessons")));
                    LockReason lock = LockReason.of(rs.getBoolean("premium"), rs.getBoolean("learner_premium"),
                            strings(rs.getArray("prerequisite_lessons")), completed);
                    List<ModuleOutline> outline = List.of(json.readValue(rs.getString("modules"), ModuleOutline[].class));
                    List<TrackView.ModuleView> modules = outline.stream()
                            .map(m -> new TrackView.ModuleView(m.moduleId(), m.title(), m.lessons().stream()
                                    .map(l -> new TrackView.LessonSummary(l.lessonId(), l.title(), l.xp(),
                                            completed.contains(l.lessonId()), lock != null))
                                    .toList()))
                            .toList();
                    return new TrackView(rs.getString("track_id"), rs.getString("title"), rs.getString("description"),
                            rs.getBoolean("premium"), rs.getString("prerequisite_track_id"), rs.getInt("lesson_count"),
                            lock != null, lock == null ? null : lock.code(), modules,
                            List.of(json.readValue(rs.getString("challenges"), ChallengeSummaryView[].class)));
                })
                .optional();
    }

    /**
     * Answers a lesson with its body and HTML, or with null ones when the track is premium and the
     * caller is not; its neighbours come from the track row's ordered lesson arrays, in the same
     * statement.
     */
    @QueryHandler
    Optional<LessonView> handle(FindLesson query) {
        return jdbc.sql("""
                        SELECT l.lesson_id, l.track_id, l.module_id, l.title, l.xp, l.body, l.body_html, t.premium,
                               t.title AS track_title, t.lesson_ids, t.lesson_titles,
                               COALESCE(d.premium, FALSE) AS learner_premium,
                               COALESCE(l.lesson_id = ANY (d.completed_lessons), FALSE) AS completed
                        FROM catalog_lesson l
                        JOIN catalog_track t ON t.track_id = l.track_id
                        LEFT JOIN learner_dashboard d ON d.learner_id = ?
                        WHERE l.lesson_id = ?""")
                .params(query.learnerId(), query.lessonId())
                .query((rs, n) -> {
                    boolean paywalled = rs.getBoolean("premium") && !rs.getBoolean("learner_premium");
                    List<String> ids = strings(rs.getArray("lesson_ids"));
                    List<String> titles = strings(rs.getArray("lesson_titles"));
                    int at = ids.indexOf(rs.getString("lesson_id"));
                    return new LessonView(rs.getString("lesson_id"), rs.getString("track_id"), rs.getString("module_id"),
                            rs.getString("title"), rs.getInt("xp"), rs.getBoolean("premium"), rs.getBoolean("completed"),
                            paywalled ? null : rs.getString("body"), paywalled ? null : rs.getString("body_html"),
                            rs.getString("track_title"), at < 0 ? null : neighbour(ids, titles, at - 1),
                            at < 0 ? null : neighbour(ids, titles, at + 1));
                })
                .optional();
    }

    private static LessonView.Neighbour neighbour(List<String> ids, List<String> titles, int index) {
        return index < 0 || index >= Math.min(ids.size(), titles.size())
                ? null : new LessonView.Neighbour(ids.get(index), titles.get(index));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

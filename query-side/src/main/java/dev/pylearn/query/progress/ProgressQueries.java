package dev.pylearn.query.progress;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.api.catalog.LockReason;
import dev.pylearn.api.learner.Level;
import dev.pylearn.api.JsonText;
import dev.pylearn.api.progress.DashboardView;
import dev.pylearn.api.progress.FindDashboard;
import dev.pylearn.api.progress.FindDashboardVersion;
import dev.pylearn.api.battle.FindBattleLevel;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.pylearn.query.cache.CachedReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Profile and dashboard: each one statement on {@code learner_dashboard} (joined with the catalog). */
@Component
class ProgressQueries {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final CachedReads cached;
    private final JsonMapper json;

    ProgressQueries(JdbcClient jdbc, Clock clock, CachedReads cached, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cached = cached;
        this.json = json;
    }

    @QueryHandler
    Optional<ProfileView> handle(FindProfile query) {
        String profile = cached.user(CacheNames.profile(query.learnerId()), () -> loadProfile(query).map(json::writeValueAsString)
                .orElse(null));
        return Optional.ofNullable(profile).map(text -> json.readValue(text, ProfileView.class));
    }

    /**
     * The level matchmaking bands a learner by, from the cached profile: a burst of 200 joins read it
     * with 200 statements before (each 6 ms under that burst, MatchmakingBenchmark), now from the
     * node's near cache; the profile is evicted whenever the level changes.
     */
    @QueryHandler
    Integer handle(FindBattleLevel query) {
        return handle(new FindProfile(query.learnerId())).map(ProfileView::level).orElse(1);
    }

    private Optional<ProfileView> loadProfile(FindProfile query) {
        return jdbc.sql("""
                        SELECT learner_id, username, display_name, timezone, xp, level, current_streak, longest_streak,
                               last_active_date, premium
                        FROM learner_dashboard WHERE learner_id = ?""")
                .param(query.learnerId())
                .query((rs, n) -> new ProfileView(rs.getString("learner_id"), rs.getString("username"),
                        rs.getString("display_name"), rs.getString("timezone"), rs.getLong("xp"), rs.getInt("level"),
                        Streaks.current(rs.getInt("current_streak"), date(rs, "last_active_date"),
                                rs.getString("timezone"), clock),
                        rs.getInt("longest_streak"), rs.getBoolean("premium")))
                .optional();
    }

    @QueryHandler
    Long handle(FindDashboardVersion query) {
        return jdbc.sql("SELECT version FROM learner_dashboard WHERE learner_id = ?")
                .param(query.learnerId())
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }

    /** One row per track (or one row with null track columns when the catalog is empty). */
    private record Row(String learnerId, long xp, int level, int storedStreak, int longestStreak,
                       LocalDate lastActiveDate, String timezone, boolean premium, Set<String> completed,
                       String trackId, String title, boolean trackPremium, String prerequisiteTrackId,
                       List<String> lessonIds, List<String> lessonTitles) {
    }

    /** The {@link DashboardView} as JSON text, as cached: it goes out without being parsed again. */
    @QueryHandler
    Optional<JsonText> handle(FindDashboard query) {
        return Optional.ofNullable(cached.user(CacheNames.dashboard(query.learnerId()), () -> loadDashboard(query)
                .map(json::writeValueAsString).orElse(null))).map(JsonText::new);
    }

    private Optional<DashboardView> loadDashboard(FindDashboard query) {
        List<Row> rows = jdbc.sql("""
                        SELECT d.learner_id, d.xp, d.level, d.current_streak, d.longest_streak, d.last_active_date,
                               d.timezone, d.premium, d.completed_lessons,
                               t.track_id, t.title, t.premium AS track_premium, t.prerequisite_track_id,
                               t.lesson_ids, t.lesson_titles
                        FROM learner_dashboard d LEFT JOIN catalog_track t ON TRUE
                        WHERE d.learner_id = ?
                        ORDER BY t.position""")
                .param(query.learnerId())
                .query((rs, n) -> new Row(rs.getString("learner_id"), rs.getLong("xp"), rs.getInt("level"),
                        rs.getInt("current_streak"), rs.getInt("longest_streak"), date(rs, "last_active_date"),
                        rs.getString("timezone"), rs.getBoolean("premium"),
                        new HashSet<>(strings(rs.getArray("completed_lessons"))), rs.getString("track_id"),
                        rs.getString("title"), rs.getBoolean("track_premium"), rs.getString("prerequisite_track_id"),
                        strings(rs.getArray("lesson_ids")), strings(rs.getArray("lesson_titles"))))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row learner = rows.get(0);
        Map<String, List<String>> lessonsByTrack = new HashMap<>();
        rows.stream().filter(r -> r.trackId() != null).forEach(r -> lessonsByTrack.put(r.trackId(), r.lessonIds()));
        List<DashboardView.TrackProgress> tracks = new ArrayList<>();
        for (Row row : rows) {
            if (row.trackId() != null) {
                tracks.add(progress(row, lessonsByTrack));
            }
        }
        int level = learner.level();
        return Optional.of(new DashboardView(learner.learnerId(), learner.xp(), level, Level.threshold(level + 1),
                Streaks.current(learner.storedStreak(), learner.lastActiveDate(), learner.timezone(), clock),
                learner.longestStreak(), learner.premium(), tracks));
    }

    private static DashboardView.TrackProgress progress(Row row, Map<String, List<String>> lessonsByTrack) {
        int done = 0;
        DashboardView.LessonRef next = null;
        for (int i = 0; i < row.lessonIds().size(); i++) {
            if (row.completed().contains(row.lessonIds().get(i))) {
                done++;
            } else if (next == null) {
                next = new DashboardView.LessonRef(row.lessonIds().get(i), row.lessonTitles().get(i));
            }
        }
        int total = row.lessonIds().size();
        List<String> prerequisiteLessons = row.prerequisiteTrackId() == null ? List.of()
                : lessonsByTrack.getOrDefault(row.prerequisiteTrackId(), List.of());
        LockReason lock = LockReason.of(row.trackPremium(), row.premium(), prerequisiteLessons, row.completed());
        int percentage = total == 0 ? 0 : (int) Math.floor(100.0 * done / total);
        return new DashboardView.TrackProgress(row.trackId(), row.title(), done, total, percentage, next, lock != null,
                lock == null ? null : lock.code(), row.prerequisiteTrackId());
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }
}

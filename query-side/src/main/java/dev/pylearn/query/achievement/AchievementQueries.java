package dev.pylearn.query.achievement;

import dev.pylearn.api.names.CacheNames;
import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.api.achievement.AchievementsView;
import dev.pylearn.api.achievement.FindAchievementProgressVersion;
import dev.pylearn.api.achievement.FindMyAchievements;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import dev.pylearn.query.cache.CachedReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The achievements page in one statement: every definition joined with the learner's counters
 * (and, for track achievements, the track's lessons). Progress is computed by the same
 * {@link AchievementKind} the Learner unlocks with.
 */
@Component
class AchievementQueries {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    private final CachedReads cached;

    AchievementQueries(JdbcClient jdbc, JsonMapper json, Clock clock, CachedReads cached) {
        this.cached = cached;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    private record Row(String id, String title, String description, String kind, int threshold, int xp,
                       List<String> trackLessons, AchievementKind.Counters counters, Map<String, String> unlocked) {
    }

    @QueryHandler
    AchievementsView handle(FindMyAchievements query) {
        return json.readValue(cached.user(CacheNames.achievements(query.learnerId()),
                () -> json.writeValueAsString(load(query))), AchievementsView.class);
    }

    private AchievementsView load(FindMyAchievements query) {
        List<Row> rows = jdbc.sql("""
                        SELECT d.achievement_id, d.title, d.description, d.kind, d.threshold, d.xp, t.lesson_ids,
                               p.completed_lessons, p.challenges_solved, p.first_try_solves, p.current_streak,
                               p.last_active_date, p.timezone, p.level, p.total_xp, p.battles_won, p.forum_posts,
                               p.unlocked::text AS unlocked
                        FROM achievement_definition d
                        LEFT JOIN catalog_track t ON t.track_id = d.track_id
                        LEFT JOIN achievement_progress p ON p.learner_id = ?
                        ORDER BY d.position""")
                .param(query.learnerId())
                .query((rs, n) -> {
                    boolean known = rs.getString("timezone") != null;
                    int streak = known ? streak(rs.getInt("current_streak"),
                            rs.getObject("last_active_date", LocalDate.class), rs.getString("timezone")) : 0;
                    AchievementKind.Counters counters = new AchievementKind.Counters(
                            new HashSet<>(strings(rs.getArray("completed_lessons"))), rs.getInt("challenges_solved"),
                            rs.getInt("first_try_solves"), streak, known ? rs.getInt("level") : 1,
                            rs.getLong("total_xp"), rs.getInt("battles_won"), rs.getInt("forum_posts"));
                    @SuppressWarnings("unchecked")
                    Map<String, String> unlocked = known ? json.readValue(rs.getString("unlocked"), Map.class)
                            : Map.of();
                    return new Row(rs.getString("achievement_id"), rs.getString("title"), rs.getString("description"),
                            rs.getString("kind"), rs.getInt("threshold"), rs.getInt("xp"),
                            strings(rs.getArray("lesson_ids")), counters, unlocked);
                })
                .list();
        List<AchievementsView.Unlocked> unlocked = new ArrayList<>();
        List<AchievementsView.Locked> locked = new ArrayList<>();
        for (Row row : rows) {
            String at = row.unlocked().get(row.id());
            if (at != null) {
                unlocked.add(new AchievementsView.Unlocked(row.id(), row.title(), row.description(), row.kind(),
                        row.xp(), Instant.parse(at)));
            } else {
                long current = AchievementKind.of(row.kind()).current(row.counters(), row.trackLessons());
                locked.add(new AchievementsView.Locked(row.id(), row.title(), row.description(), row.kind(), row.xp(),
                        Math.min(current, row.threshold()), row.threshold()));
            }
        }
        return new AchievementsView(unlocked, locked);
    }

    @QueryHandler
    Long handle(FindAchievementProgressVersion query) {
        return jdbc.sql("SELECT version FROM achievement_progress WHERE learner_id = ?")
                .param(query.learnerId()).query(Long.class).optional().orElse(-1L);
    }

    /** The streak as it stands today: broken once a whole local day passed without activity. */
    private int streak(int stored, LocalDate lastActive, String timezone) {
        if (lastActive == null) {
            return 0;
        }
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneId.of(timezone)));
        return lastActive.isBefore(today.minusDays(1)) ? 0 : stored;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

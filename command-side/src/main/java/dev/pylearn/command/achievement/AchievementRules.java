package dev.pylearn.command.achievement;

import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.command.catalog.CatalogRulesCache;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The achievements the Learner checks after every change, with the lessons of the track for
 * track_completed. Read from {@code achievement_rule}, kept in step with the achievement events, and
 * held in memory by {@link CatalogRulesCache} until they change.
 */
@Component
public class AchievementRules {

    /** One achievement to check. */
    public record AchievementRule(String achievementId, String title, AchievementKind kind, int threshold, int xp,
                                  List<String> trackLessons) {
    }

    private final JdbcClient jdbc;
    private final CatalogRulesCache cache;

    AchievementRules(JdbcClient jdbc, CatalogRulesCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    public List<AchievementRule> all() {
        return cache.find("achievements", () -> Optional.of(read())).orElseThrow();
    }

    private List<AchievementRule> read() {
        return jdbc.sql("""
                        SELECT a.achievement_id, a.title, a.kind, a.threshold, a.xp,
                               ARRAY(SELECT l.lesson_id FROM lesson_rule l WHERE l.track_id = a.track_id)
                        FROM achievement_rule a ORDER BY a.position""")
                .query((rs, n) -> new AchievementRule(rs.getString(1), rs.getString(2),
                        AchievementKind.of(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                        List.of((String[]) rs.getArray(6).getArray())))
                .list();
    }
}

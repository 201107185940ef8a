package dev.pylearn.command.achievement;

import dev.pylearn.api.achievement.AchievementKind;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The achievements the Learner checks after every change, with the lessons of the track for
 * track_completed. Read from {@code achievement_rule}, kept in step with the achievement events.
 */
@Component
public class AchievementRules {

    /** One achievement to check. */
    public record AchievementRule(String achievementId, String title, AchievementKind kind, int threshold, int xp,
                                  List<String> trackLessons) {
    }

    private final JdbcClient jdbc;

    AchievementRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<AchievementRule> all() {
        return jdbc.sql("""
                        SELECT a.achievement_id, a.title, a.kind, a.threshold, a.xp,
                               ARRAY(SELECT l.lesson_id FROM lesson_rule l WHERE l.track_id = a.track_id)
                        FROM achievement_rule a ORDER BY a.position""")
                .query((rs, n) -> new AchievementRule(rs.getString(1), rs.getString(2),
                        AchievementKind.of(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                        Arrays.asList((String[]) rs.getArray(6).getArray())))
                .list();
    }
}

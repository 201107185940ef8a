package dev.pylearn.command.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the Learner aggregate must know about a lesson to accept its completion: the track, the XP,
 * and the track's access rules. Injected into the aggregate's command handler; read from the
 * rule tables that {@link CatalogRulesUpdater} keeps in step with the catalog events, through
 * {@link CatalogRulesCache}.
 */
@Component
public class LessonRules {

    /** One lesson's rules; {@code prerequisiteLessons} is empty when the track has no prerequisite. */
    public record LessonRule(String lessonId, String trackId, int xp, boolean trackPremium,
                             String prerequisiteTrackId, List<String> prerequisiteLessons) {
    }

    private final JdbcClient jdbc;
    private final CatalogRulesCache cache;

    LessonRules(JdbcClient jdbc, CatalogRulesCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
    }

    public Optional<LessonRule> find(String lessonId) {
        return cache.find("lesson " + lessonId, () -> read(lessonId));
    }

    private Optional<LessonRule> read(String lessonId) {
        return jdbc.sql("""
                        SELECT l.lesson_id, l.track_id, l.xp, t.premium, t.prerequisite_track_id,
                               ARRAY(SELECT p.lesson_id FROM lesson_rule p WHERE p.track_id = t.prerequisite_track_id)
                        FROM lesson_rule l JOIN track_rule t ON t.track_id = l.track_id
                        WHERE l.lesson_id = ?""")
                .param(lessonId)
                .query((rs, n) -> new LessonRule(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                        rs.getString(5), List.of((String[]) rs.getArray(6).getArray())))
                .optional();
    }
}

package dev.pylearn.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every row of a projection's tables, in a stable order and comparable form (arrays and JSON as text). */
final class ReadModelRows {

    static final Map<String, List<String>> TABLES = Map.of(
            "learner-dashboard", List.of("learner_dashboard"),
            "achievement-stats", List.of("achievement_progress"),
            "leaderboards", List.of("leaderboard_global", "leaderboard_weekly"),
            "catalog", List.of("catalog_track", "catalog_lesson", "catalog_challenge", "achievement_definition"),
            "analytics", List.of("analytics_learner", "analytics_daily_activity", "analytics_challenge_attempt",
                    "analytics_track_progress"));

    private ReadModelRows() {
    }

    static Map<String, List<Map<String, Object>>> of(JdbcClient jdbc, String projection) {
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        for (String table : TABLES.get(projection)) {
            // row_to_json gives every column (also ones a migration added) in one comparable text
            all.put(table, jdbc.sql("SELECT row_to_json(t)::text AS row FROM " + table + " t ORDER BY 1")
                    .query().listOfRows());
        }
        return all;
    }
}

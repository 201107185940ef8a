package dev.pylearn.query.analytics;

import dev.pylearn.api.Rejection;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * {@code GET /api/analytics/{view}} (ANALYST or ADMIN): the documented SQL views of the
 * {@code analyst} schema over HTTP, as JSON or, with {@code Accept: text/csv}, as CSV with a header
 * row. Only the views listed here can be named; their column names are the SQL ones.
 */
@RestController
class AnalystViewController {

    /** URL name -> view. */
    static final Map<String, String> VIEWS = Map.of(
            "daily-activity", "analyst.daily_activity",
            "challenge-pass-rates", "analyst.challenge_pass_rates",
            "track-funnels", "analyst.track_funnel",
            "weekly-active-learners", "analyst.weekly_active_learners");

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final JdbcClient jdbc;
    private final CsvMapper csv = CsvMapper.builder().build();

    AnalystViewController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Table(List<String> columns, List<Map<String, Object>> rows) {
    }

    @GetMapping(value = "/api/analytics/{view}", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> json(@PathVariable String view, @RequestParam(defaultValue = "10000") String limit) {
        return read(view, limit).rows();
    }

    @GetMapping(value = "/api/analytics/{view}", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable String view, @RequestParam(defaultValue = "10000") String limit) {
        Table table = read(view, limit);
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        table.columns().forEach(schema::addColumn);
        List<Map<String, Object>> text = table.rows().stream().map(row -> {
            Map<String, Object> strings = new LinkedHashMap<>();
            row.forEach((column, value) -> strings.put(column, value == null ? "" : value.toString()));
            return strings;
        }).toList();
        return ResponseEntity.ok()
                .contentType(new MediaType(CSV, java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + view + ".csv\"")
                .body(csv.writer(schema.build()).writeValueAsString(text));
    }

    private Table read(String view, String limit) {
        String relation = VIEWS.get(view);
        if (relation == null) {
            throw Rejection.notFound("unknown-analytics-view", "No analytics view '" + view + "'; there are "
                    + String.join(", ", new java.util.TreeSet<>(VIEWS.keySet())) + ".");
        }
        int rows = LearnerAnalyticsController.bounded("limit", limit, 1, 1_000_000);
        List<String> columns = new ArrayList<>();
        List<Map<String, Object>> result = jdbc.sql("SELECT * FROM " + relation + " LIMIT ?")
                .param(rows)
                .query((rs, n) -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    if (columns.isEmpty()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            columns.add(meta.getColumnLabel(i));
                        }
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(meta.getColumnLabel(i), value instanceof java.sql.Date date ? date.toLocalDate()
                                : value instanceof java.sql.Timestamp at ? at.toInstant() : value);
                    }
                    return row;
                })
                .list();
        if (columns.isEmpty()) {
            columns.addAll(jdbc.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'analyst' "
                            + "AND table_name = ? ORDER BY ordinal_position")
                    .param(relation.substring("analyst.".length())).query(String.class).list());
        }
        return new Table(columns, result);
    }
}

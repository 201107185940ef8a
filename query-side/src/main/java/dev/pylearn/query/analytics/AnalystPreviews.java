package dev.pylearn.query.analytics;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.analytics.AnalystPreviewView;
import dev.pylearn.api.analytics.FindAnalystPreview;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The first rows of an analyst view, for the analyst page: one statement on the view, the same
 * views {@link AnalystViewController} exports (and no other relation can be named).
 */
@Component
class AnalystPreviews {

    static final int MAX_ROWS = 50;

    private final JdbcClient jdbc;

    AnalystPreviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    AnalystPreviewView handle(FindAnalystPreview query) {
        List<String> views = List.copyOf(new TreeSet<>(AnalystViewController.VIEWS.keySet()));
        String relation = AnalystViewController.VIEWS.get(query.view());
        if (relation == null) {
            throw Rejection.notFound("unknown-analytics-view", "No analytics view '" + query.view() + "'; there are "
                    + String.join(", ", views) + ".");
        }
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        // the result's own metadata names the columns, rows or none: one statement either way
        jdbc.sql("SELECT * FROM " + relation + " LIMIT ?")
                .param(Math.max(1, Math.min(query.rows(), MAX_ROWS)))
                .query((ResultSetExtractor<Integer>) rs -> {
                    ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnLabel(i));
                    }
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(columns.size());
                        for (int i = 1; i <= columns.size(); i++) {
                            Object value = rs.getObject(i);
                            row.add(value == null ? "" : value.toString());
                        }
                        rows.add(row);
                    }
                    return rows.size();
                });
        return new AnalystPreviewView(query.view(), views, columns, rows);
    }
}

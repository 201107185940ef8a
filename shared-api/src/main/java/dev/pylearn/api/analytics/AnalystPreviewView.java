package dev.pylearn.api.analytics;

import java.util.List;

/**
 * The first rows of an analyst view as text cells, for a preview table: {@code columns} are the SQL
 * column names, each row has one cell per column (empty for SQL NULL). {@code views} names every
 * view that can be previewed, in order.
 */
public record AnalystPreviewView(String view, List<String> views, List<String> columns, List<List<String>> rows) {
}

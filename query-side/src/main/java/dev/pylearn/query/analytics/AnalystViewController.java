package dev.pylearn.query.analytics;

import dev.pylearn.api.Rejection;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * {@code GET /api/analytics/{view}} (ANALYST or ADMIN): the documented SQL views of the
 * {@code analyst} schema over HTTP, as JSON or, with {@code Accept: text/csv}, as CSV with a header
 * row. Only the views listed here can be named; their column names are the SQL ones.
 *
 * <p>Rows are streamed: read through a database cursor 1,000 at a time and written to the response
 * as they come, so an export of a million rows holds one batch in memory, not the result.
 *
 * <p>CSV cells that a spreadsheet would run as a formula are neutralized as OWASP's CSV injection
 * guidance says: a text cell starting with {@code = + - @}, a tab or a carriage return gets a leading
 * {@code '}, and so does such a character right after a {@code ,} or {@code ;} inside a text cell,
 * where a program splitting on that separator would start a new cell. Numbers from numeric columns
 * are written as they are, negative ones included: they are formatted from a number, so they hold
 * only digits, a sign, a point and an exponent and cannot be a formula, while a quote in front would
 * turn them into text that no spreadsheet sums. A text cell reading {@code -5} is still neutralized.
 */
@RestController
class AnalystViewController {

    /** URL name -> view. */
    static final Map<String, String> VIEWS = Map.of(
            "daily-activity", "analyst.daily_activity",
            "challenge-pass-rates", "analyst.challenge_pass_rates",
            "track-funnels", "analyst.track_funnel",
            "tutor-usage", "analyst.tutor_usage",
            "weekly-active-learners", "analyst.weekly_active_learners");

    private static final int FETCH_SIZE = 1_000;
    private static final Pattern FORMULA = Pattern.compile("(^|[,;])([=+\\-@\\t\\r])");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;
    private final CsvMapper csv = CsvMapper.builder().build();

    AnalystViewController(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping(value = "/api/analytics/{view}", produces = MediaType.APPLICATION_JSON_VALUE)
    void json(@PathVariable String view, @RequestParam(defaultValue = "10000") String limit,
              HttpServletResponse response) {
        String relation = relation(view);
        int rows = bounded(limit);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        stream(relation, rows, response, (columns, out) -> json.writer()
                .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValuesAsArray(out), Function.identity());
    }

    @GetMapping(value = "/api/analytics/{view}", produces = "text/csv")
    void csv(@PathVariable String view, @RequestParam(defaultValue = "10000") String limit,
             HttpServletResponse response) {
        String relation = relation(view);
        int rows = bounded(limit);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + view + ".csv\"");
        stream(relation, rows, response, (columns, out) -> {
            CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
            columns.forEach(schema::addColumn);
            // flushed by the buffers as they fill, not after every row
            return csv.writer(schema.build()).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE).writeValues(out);
        }, AnalystViewController::neutralized);
    }

    /**
     * The CSV export as a plain link can fetch it ({@code <a href>} sends the browser's own Accept
     * header, not {@code text/csv}): the same stream as {@code Accept: text/csv}.
     */
    @GetMapping("/api/analytics/{view}.csv")
    void csvDownload(@PathVariable String view, @RequestParam(defaultValue = "10000") String limit,
                     HttpServletResponse response) {
        csv(view, limit, response);
    }

    /** Makes a text cell safe to open in a spreadsheet (see the class comment); numbers pass as they are. */
    static Object neutralized(Object value) {
        if (value == null || value instanceof Number) {
            return value;
        }
        return FORMULA.matcher(value.toString()).replaceAll("$1'$2");
    }

    /** Opens the writer once the columns are known. */
    private interface Format {
        SequenceWriter open(List<String> columns, OutputStream out) throws IOException;
    }

    /**
     * Runs the view's query through a cursor (a read-only transaction, which PostgreSQL needs for one)
     * and writes each row as it is read. Failures before the first byte still become a problem
     * document; after it, the response is cut short, which the client sees as a broken download.
     */
    private void stream(String relation, int limit, HttpServletResponse response, Format format,
                        Function<Object, Object> cell) {
        readOnly.executeWithoutResult(status -> {
            try {
                OutputStream out = response.getOutputStream();
                List<String> columns = new ArrayList<>();
                SequenceWriter[] writer = new SequenceWriter[1];
                jdbc.sql("SELECT * FROM " + relation + " LIMIT ?")
                        .withFetchSize(FETCH_SIZE)
                        .param(limit)
                        .query((RowCallbackHandler) rs -> {
                            if (writer[0] == null) {
                                columns.addAll(columns(rs.getMetaData()));
                                writer[0] = open(format, columns, out);
                            }
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int i = 1; i <= columns.size(); i++) {
                                row.put(columns.get(i - 1), cell.apply(plain(rs.getObject(i))));
                            }
                            writer[0].write(row);
                        });
                if (writer[0] == null) {
                    writer[0] = open(format, columnsOf(relation), out);
                }
                writer[0].close();
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + relation, e);
            }
        });
    }

    private static SequenceWriter open(Format format, List<String> columns, OutputStream out) {
        try {
            return format.open(columns, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> columns(ResultSetMetaData meta) throws SQLException {
        List<String> columns = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        return columns;
    }

    /** Column names of an empty view, for the header. */
    private List<String> columnsOf(String relation) {
        return jdbc.sql("SELECT column_name FROM information_schema.columns WHERE table_schema = 'analyst' "
                        + "AND table_name = ? ORDER BY ordinal_position")
                .param(relation.substring("analyst.".length())).query(String.class).list();
    }

    private static Object plain(Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate()
                : value instanceof java.sql.Timestamp at ? at.toInstant() : value;
    }

    private static String relation(String view) {
        String relation = VIEWS.get(view);
        if (relation == null) {
            throw Rejection.notFound("unknown-analytics-view", "No analytics view '" + view + "'; there are "
                    + String.join(", ", new java.util.TreeSet<>(VIEWS.keySet())) + ".");
        }
        return relation;
    }

    private static int bounded(String limit) {
        return LearnerAnalyticsController.bounded("limit", limit, 1, 1_000_000);
    }
}

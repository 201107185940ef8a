package dev.pylearn.monitoring.observability;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The shape of a SQL statement: literals replaced by {@code ?}, IN lists collapsed, whitespace
 * folded, so that the same query with other values is one shape and no value (a learner's data, a
 * secret) ever reaches a log or the monitor. Bind parameters are already {@code ?}.
 *
 * <p>Regular expressions rather than a SQL parser: the statements are the application's own, and a
 * parser (JSqlParser) would cost far more per statement than the query itself on a one-lookup page,
 * and still fail on PostgreSQL-only syntax. Shapes are cached, since the application runs a few
 * hundred distinct statements.
 */
final class SqlShape {

    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w$])-?\\d+(?:\\.\\d+)?(?![\\w$])");
    private static final Pattern IN_LIST = Pattern.compile("(?i)\\bIN\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)");
    private static final Pattern VALUES_LIST = Pattern.compile("(?i)\\bVALUES\\s*(\\([^()]*\\))(?:\\s*,\\s*\\([^()]*\\))+");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int CACHE_LIMIT = 5_000;
    private static final int MAX_LENGTH = 2_000;

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private SqlShape() {
    }

    static String of(String sql) {
        if (sql == null) {
            return "";
        }
        String cached = CACHE.get(sql);
        if (cached != null) {
            return cached;
        }
        String shape = normalize(sql);
        if (CACHE.size() < CACHE_LIMIT) {
            CACHE.put(sql, shape);
        }
        return shape;
    }

    static String normalize(String sql) {
        String shape = STRING.matcher(sql).replaceAll("?");
        shape = NUMBER.matcher(shape).replaceAll("?");
        shape = SPACE.matcher(shape).replaceAll(" ").trim();
        shape = IN_LIST.matcher(shape).replaceAll("IN (...)");
        shape = VALUES_LIST.matcher(shape).replaceAll("VALUES $1, ...");
        return shape.length() > MAX_LENGTH ? shape.substring(0, MAX_LENGTH) + " ..." : shape;
    }
}

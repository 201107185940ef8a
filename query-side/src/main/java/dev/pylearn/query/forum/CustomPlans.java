package dev.pylearn.query.forum;

import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Statements that PostgreSQL plans with their own parameter values every time they run. The driver
 * prepares a statement on the server after five runs, and the server then may switch to one generic
 * plan made without the values; for a search that plan cannot know how common the words are, and one
 * plan does not serve both a rare word (start from the GIN index) and a common one (walk the time
 * index newest first, stop at the window). Under ForumPageBenchmark at 1,000,000 posts a rare word took
 * p50 3.5 s through the generic plan against 2 ms planned with its words (EXPLAIN ANALYZE in psql, the same
 * data). Planning costs well under a millisecond here, so search pays it on every run.
 */
final class CustomPlans extends JdbcTemplate {

    CustomPlans(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void applyStatementSettings(Statement statement) throws SQLException {
        super.applyStatementSettings(statement);
        // 0: never a named server-side statement; an unnamed one is planned at each run with its values
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
}

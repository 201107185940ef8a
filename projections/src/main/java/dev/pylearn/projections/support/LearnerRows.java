package dev.pylearn.projections.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes to a read-model table with one row per learner ({@code learner_id}) and a {@code version}
 * column holding the sequence number of the last learner event applied. An update only lands when
 * the row has not seen that event yet, which is what makes replays and redeliveries harmless.
 */
public final class LearnerRows {

    private final JdbcClient jdbc;
    private final String table;

    public LearnerRows(JdbcClient jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** Applies {@code assignment} (which may use {@code :value}) for event {@code version} of the learner. */
    public void update(String learnerId, long version, String assignment, Object value) {
        var statement = jdbc.sql("UPDATE " + table + " SET " + assignment
                + ", version = :version WHERE learner_id = :id AND version < :version");
        if (value != null) {
            statement = statement.param("value", value);
        }
        statement.param("version", version).param("id", learnerId).update();
    }
}

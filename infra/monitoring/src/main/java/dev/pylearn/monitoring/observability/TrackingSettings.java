package dev.pylearn.monitoring.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Query tracking knobs ({@code pylearn.tracking.*}). Mutable on purpose: an admin or a test can tighten
 * a threshold on a running node, and the tracker reads it at every statement.
 */
@ConfigurationProperties("pylearn.tracking")
public class TrackingSettings {

    /** A statement slower than this is kept in the slow statement log. */
    private Duration slowStatement = Duration.ofMillis(100);
    /** How many slow statements the log keeps (oldest dropped first). */
    private int slowStatementLogSize = 200;
    /** More statements than this of one shape in one request or handler batch is an N+1 (property {@code repeated-statements}). */
    private int repeatedStatements = 5;

    public Duration getSlowStatement() {
        return slowStatement;
    }

    public void setSlowStatement(Duration slowStatement) {
        this.slowStatement = slowStatement;
    }

    public int getSlowStatementLogSize() {
        return slowStatementLogSize;
    }

    public void setSlowStatementLogSize(int slowStatementLogSize) {
        this.slowStatementLogSize = slowStatementLogSize;
    }

    public int getRepeatedStatements() {
        return repeatedStatements;
    }

    public void setRepeatedStatements(int repeatedStatements) {
        this.repeatedStatements = repeatedStatements;
    }
}

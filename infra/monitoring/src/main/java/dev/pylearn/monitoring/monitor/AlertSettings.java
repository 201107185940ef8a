package dev.pylearn.monitoring.monitor;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Alert thresholds ({@code pylearn.alerts.*}), the same as the Prometheus rules in
 * {@code infra/deploy/prometheus/alerts.yml}. Mutable so that a running node can be retuned.
 */
@ConfigurationProperties("pylearn.alerts")
public class AlertSettings {

    /** Share of requests answered with a 5xx. */
    private double errorRate = 0.05;
    /** Average response time. */
    private Duration avgResponse = Duration.ofSeconds(2);
    /** Share of requests slower than pylearn.monitor.slow-request. */
    private double slowRequests = 0.20;
    /** N+1 warnings of one endpoint in the window. */
    private long repeatedStatementWarnings = 10;
    /** Age of the oldest event a processor has not handled. */
    private Duration projectionLag = Duration.ofSeconds(30);
    /** Events parked in one processor's dead-letter queue. */
    private long deadLetters = 0;
    /** Fewer requests than this in the window are too few to judge a rate or an average. */
    private long minRequests = 20;

    public double getErrorRate() {
        return errorRate;
    }

    public void setErrorRate(double errorRate) {
        this.errorRate = errorRate;
    }

    public Duration getAvgResponse() {
        return avgResponse;
    }

    public void setAvgResponse(Duration avgResponse) {
        this.avgResponse = avgResponse;
    }

    public double getSlowRequests() {
        return slowRequests;
    }

    public void setSlowRequests(double slowRequests) {
        this.slowRequests = slowRequests;
    }

    public long getRepeatedStatementWarnings() {
        return repeatedStatementWarnings;
    }

    public void setRepeatedStatementWarnings(long repeatedStatementWarnings) {
        this.repeatedStatementWarnings = repeatedStatementWarnings;
    }

    public Duration getProjectionLag() {
        return projectionLag;
    }

    public void setProjectionLag(Duration projectionLag) {
        this.projectionLag = projectionLag;
    }

    public long getDeadLetters() {
        return deadLetters;
    }

    public void setDeadLetters(long deadLetters) {
        this.deadLetters = deadLetters;
    }

    public long getMinRequests() {
        return minRequests;
    }

    public void setMinRequests(long minRequests) {
        this.minRequests = minRequests;
    }
}

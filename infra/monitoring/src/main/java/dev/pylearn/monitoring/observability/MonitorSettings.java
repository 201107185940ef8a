package dev.pylearn.monitoring.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How requests are judged for the monitor and the alerts ({@code pylearn.monitor.*}). */
@ConfigurationProperties("pylearn.monitor")
public class MonitorSettings {

    /** A request slower than this counts as slow. */
    private Duration slowRequest = Duration.ofSeconds(1);
    /** The sliding window the live figures and the alerts look at. */
    private Duration window = Duration.ofMinutes(5);

    public Duration getSlowRequest() {
        return slowRequest;
    }

    public void setSlowRequest(Duration slowRequest) {
        this.slowRequest = slowRequest;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }
}

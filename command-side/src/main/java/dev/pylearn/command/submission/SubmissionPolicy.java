package dev.pylearn.command.submission;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The configured limits of submitting code. */
@Component
public class SubmissionPolicy {

    private final int perMinute;
    private final int maxCodeBytes;
    private final int maxAttempts;
    private final Duration deadline;

    SubmissionPolicy(@Value("${pylearn.submissions.per-minute:10}") int perMinute,
                     @Value("${pylearn.submissions.max-code-bytes:65536}") int maxCodeBytes,
                     @Value("${pylearn.submissions.max-attempts:3}") int maxAttempts,
                     @Value("${pylearn.submissions.deadline:2m}") Duration deadline) {
        this.perMinute = perMinute;
        this.maxCodeBytes = maxCodeBytes;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
    }

    /** Submissions a learner may make in any 60 seconds. */
    public int perMinute() {
        return perMinute;
    }

    public int maxCodeBytes() {
        return maxCodeBytes;
    }

    /** Runs of one submission before it ends as error (a run is repeated when its worker vanished). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** How long a run may take before it counts as abandoned. */
    public Duration deadline() {
        return deadline;
    }
}

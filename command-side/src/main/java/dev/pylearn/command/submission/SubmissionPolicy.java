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
    private final Duration queueRetryAfter;
    private volatile long queueLimit;

    SubmissionPolicy(@Value("${pylearn.submissions.per-minute:10}") int perMinute,
                     @Value("${pylearn.submissions.max-code-bytes:65536}") int maxCodeBytes,
                     @Value("${pylearn.submissions.max-attempts:3}") int maxAttempts,
                     @Value("${pylearn.submissions.deadline:2m}") Duration deadline,
                     @Value("${pylearn.submissions.queue-limit:200}") long queueLimit,
                     @Value("${pylearn.submissions.queue-retry-after:30s}") Duration queueRetryAfter) {
        this.perMinute = perMinute;
        this.maxCodeBytes = maxCodeBytes;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.queueLimit = queueLimit;
        this.queueRetryAfter = queueRetryAfter;
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

    /**
     * Submissions waiting to be judged beyond which new ones are refused (503) rather than queued to
     * wait past their deadline.
     */
    public long queueLimit() {
        return queueLimit;
    }

    /** Retunes the limit on a running node. */
    public void setQueueLimit(long queueLimit) {
        this.queueLimit = queueLimit;
    }

    /** What a refused submitter is told to wait (Retry-After). */
    public Duration queueRetryAfter() {
        return queueRetryAfter;
    }
}

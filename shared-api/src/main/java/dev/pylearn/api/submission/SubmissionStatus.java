package dev.pylearn.api.submission;

import java.util.Set;

/**
 * A submission's status words as events, views and the monitor carry them, named once. Strings
 * rather than an enum: they are stored in events and read-model rows already written.
 */
public final class SubmissionStatus {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String PASSED = "passed";
    public static final String FAILED = "failed";
    public static final String ERROR = "error";

    /** The verdicts: a submission with one of these is judged for good. */
    public static final Set<String> VERDICTS = Set.of(PASSED, FAILED, ERROR);

    private SubmissionStatus() {
    }

    public static boolean finished(String status) {
        return VERDICTS.contains(status);
    }
}

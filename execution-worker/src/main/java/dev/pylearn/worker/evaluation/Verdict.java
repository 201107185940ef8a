package dev.pylearn.worker.evaluation;

import dev.pylearn.api.submission.TestOutcome;
import java.util.List;

/** The judgement of one submission: passed, failed or error, a message for the learner, and the tests. */
public record Verdict(String status, String message, List<TestOutcome> tests) {
}

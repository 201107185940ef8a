package dev.pylearn.command.submission;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.ExpireSubmission;
import dev.pylearn.api.submission.RecordSubmissionResult;
import dev.pylearn.api.submission.RecordTestOutcome;
import dev.pylearn.api.submission.SubmissionTestJudged;
import dev.pylearn.api.submission.StartSubmissionRun;
import dev.pylearn.api.submission.SubmissionEvaluated;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.SubmissionRunStarted;
import dev.pylearn.api.submission.TestOutcome;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmissionTest {

    static final String ID = "submission-1";
    static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
    static final List<ChallengeTest> TESTS = List.of(ChallengeTest.calls("adds", false, null,
            List.of(ChallengeTest.Step.returns("add(1, 2)", "3"))), ChallengeTest.calls("hidden", true, null,
            List.of(ChallengeTest.Step.returns("add(2, 2)", "4"))));
    static final List<TestOutcome> PASSED = List.of(new TestOutcome("adds", false, "passed", null, "", 40),
            new TestOutcome("hidden", true, "passed", null, null, 41));

    AggregateTestFixture<Submission> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Submission.class);
        SubmissionPolicy policy = mock(SubmissionPolicy.class);
        when(policy.maxAttempts()).thenReturn(2);
        fixture.registerInjectableResource(policy);
    }

    static SubmissionRequested requested(int attempt) {
        return new SubmissionRequested(ID, "learner-1", "add", "basics", "def add(a, b): return a + b",
                ChallengeStyle.FUNCTION, 2000, TESTS, attempt, T0);
    }

    @Test
    void aWorkerStartsTheCurrentAttempt() {
        fixture.given(requested(1))
                .when(new StartSubmissionRun(ID, 1, "worker-a", T0))
                .expectEvents(new SubmissionRunStarted(ID, 1, "worker-a", T0))
                .expectResultMessagePayload(true);
    }

    @Test
    void eachTestIsReportedAsItIsJudged() {
        fixture.given(requested(1), new SubmissionRunStarted(ID, 1, "worker-a", T0))
                .when(new RecordTestOutcome(ID, 1, 1, PASSED.get(1), T0))
                .expectEvents(new SubmissionTestJudged(ID, 1, 1, PASSED.get(1), T0))
                .expectResultMessagePayload(true);
    }

    @Test
    void aTestReportedTwiceIsANoOp() {
        fixture.given(requested(1), new SubmissionTestJudged(ID, 1, 0, PASSED.get(0), T0))
                .when(new RecordTestOutcome(ID, 1, 0, PASSED.get(0), T0))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aTestReportedAfterTheResultOrForAnAbandonedAttemptIsIgnored() {
        fixture.given(requested(1), new SubmissionEvaluated(ID, "learner-1", "add", 1, "passed", "ok", PASSED, T0))
                .when(new RecordTestOutcome(ID, 1, 0, PASSED.get(0), T0))
                .expectNoEvents();
        fixture.given(requested(1), new SubmissionTestJudged(ID, 1, 0, PASSED.get(0), T0), requested(2))
                .when(new RecordTestOutcome(ID, 1, 1, PASSED.get(1), T0))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aNewAttemptReportsItsTestsAfresh() {
        fixture.given(requested(1), new SubmissionTestJudged(ID, 1, 0, PASSED.get(0), T0), requested(2))
                .when(new RecordTestOutcome(ID, 2, 0, PASSED.get(0), T0))
                .expectEvents(new SubmissionTestJudged(ID, 2, 0, PASSED.get(0), T0));
    }

    @Test
    void aResultIsRecordedOnce() {
        fixture.given(requested(1), new SubmissionRunStarted(ID, 1, "worker-a", T0))
                .when(new RecordSubmissionResult(ID, 1, "passed", "All 2 tests passed.", PASSED, T0))
                .expectEvents(new SubmissionEvaluated(ID, "learner-1", "add", 1, "passed", "All 2 tests passed.",
                        PASSED, T0));
    }

    @Test
    void recordingAResultTwiceIsANoOp() {
        fixture.given(requested(1), new SubmissionEvaluated(ID, "learner-1", "add", 1, "passed", "ok", PASSED, T0))
                .when(new RecordSubmissionResult(ID, 1, "failed", "late duplicate", List.of(), T0))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aResultForAnAbandonedAttemptIsIgnored() {
        fixture.given(requested(1), requested(2))
                .when(new RecordSubmissionResult(ID, 1, "passed", "from the worker that vanished", PASSED, T0))
                .expectNoEvents();
    }

    @Test
    void anOverdueAttemptIsQueuedAgain() {
        Instant later = T0.plusSeconds(300);
        fixture.given(requested(1), new SubmissionRunStarted(ID, 1, "worker-a", T0))
                .when(new ExpireSubmission(ID, 1, later))
                .expectEvents(new SubmissionRequested(ID, "learner-1", "add", "basics", "def add(a, b): return a + b",
                        ChallengeStyle.FUNCTION, 2000, TESTS, 2, later));
    }

    @Test
    void anOverdueLastAttemptEndsAsAnErrorWithAReason() {
        fixture.given(requested(1), requested(2))
                .when(new ExpireSubmission(ID, 2, T0))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.<Object>allOf(
                                        org.hamcrest.Matchers.instanceOf(SubmissionEvaluated.class),
                                        org.hamcrest.Matchers.hasToString(org.hamcrest.Matchers.containsString(
                                                "status=error"))))));
    }

    @Test
    void expiringAFinishedSubmissionChangesNothing() {
        fixture.given(requested(1), new SubmissionEvaluated(ID, "learner-1", "add", 1, "failed", "no", List.of(), T0))
                .when(new ExpireSubmission(ID, 1, T0))
                .expectNoEvents();
    }
}

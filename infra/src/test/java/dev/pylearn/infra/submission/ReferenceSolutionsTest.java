package dev.pylearn.infra.submission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.TestOutcome;
import dev.pylearn.command.catalog.CatalogImporter;
import dev.pylearn.worker.evaluation.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped challenge tells right from wrong, proved through the real local sandbox and the same
 * evaluator the worker uses: its reference solution and at least three alternative correct solutions
 * in other styles pass every test; at least five typical wrong solutions (each wrong in one way the
 * statement rules out) and the starter each fail at least one, and their hidden tests say only a
 * fixed status.
 */
class ReferenceSolutionsTest {

    static Judge judge;
    /** Solutions are judged three at a time, as CheatingSuite does; each dynamic test checks its own verdict. */
    static java.util.concurrent.ExecutorService judging;

    @BeforeAll
    static void judge() {
        judge = new Judge();
        judging = java.util.concurrent.Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void close() {
        judging.shutdownNow();
        judge.close();
    }

    /** Starts judging now; the dynamic tests are listed eagerly, so the runs overlap while the tests wait in turn. */
    private static java.util.concurrent.Future<Verdict> judged(CatalogImporter.ChallengeFile challenge, String code) {
        return judging.submit(() -> judge.judge(challenge, code));
    }

    @Test
    void thereAreAtLeastTwentyChallengesWithVisibleAndHiddenTests() {
        assertThat(judge.challenges).hasSizeGreaterThanOrEqualTo(20);
        for (CatalogImporter.ChallengeFile challenge : judge.challenges) {
            List<ChallengeTest> tests = challenge.content().tests();
            assertThat(tests).as(challenge.content().challengeId()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(tests).as(challenge.content().challengeId()).anyMatch(ChallengeTest::hidden);
            assertThat(challenge.alternatives()).as(challenge.content().challengeId() + " alternatives")
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(challenge.wrong()).as(challenge.content().challengeId() + " wrong solutions")
                    .hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorrectSolutionPassesEveryTest() {
        return judge.challenges.stream().flatMap(challenge -> {
            List<DynamicTest> tests = new ArrayList<>();
            List<String> correct = new ArrayList<>(List.of(challenge.solution()));
            correct.addAll(challenge.alternatives());
            for (int i = 0; i < correct.size(); i++) {
                String code = correct.get(i);
                String label = challenge.content().challengeId() + (i == 0 ? " reference" : " alternative " + i);
                java.util.concurrent.Future<Verdict> judgedCode = judged(challenge, code);
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Verdict verdict = judgedCode.get();
                    assertThat(verdict.status()).as(label + ": " + Judge.notPassed(verdict)).isEqualTo("passed");
                    assertThat(verdict.tests()).hasSize(challenge.content().tests().size());
                }));
            }
            return tests.stream();
        }).toList().stream();
    }

    @TestFactory
    Stream<DynamicTest> everyWrongSolutionAndStarterFailsAtLeastOneTest() {
        return judge.challenges.stream().flatMap(challenge -> {
            List<DynamicTest> tests = new ArrayList<>();
            List<String> wrong = new ArrayList<>(List.of(challenge.starterCode()));
            wrong.addAll(challenge.wrong());
            for (int i = 0; i < wrong.size(); i++) {
                String code = wrong.get(i);
                String label = challenge.content().challengeId() + (i == 0 ? " starter"
                        : " wrong " + i + " (" + code.lines().findFirst().orElse("").strip() + ")");
                java.util.concurrent.Future<Verdict> judgedCode = judged(challenge, code);
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Verdict verdict = judgedCode.get();
                    assertThat(verdict.status()).as(label).isIn("failed", "error");
                    assertThat(verdict.tests()).as(label).anyMatch(t -> !t.status().equals("passed"));
                    hiddenTestsSayOnlyAFixedStatus(verdict);
                }));
            }
            return tests.stream();
        }).toList().stream();
    }

    /** What a hidden test tells: one of a fixed set of statuses, each with its fixed words, and no output. */
    static void hiddenTestsSayOnlyAFixedStatus(Verdict verdict) {
        for (TestOutcome outcome : verdict.tests()) {
            if (outcome.hidden()) {
                assertThat(outcome.output()).isNull();
                assertThat(outcome.status()).isIn("passed", "failed", "error", "timeout", "limit-exceeded");
                assertThat(outcome.message()).isIn("This hidden test passed.", "This hidden test failed.",
                        "This hidden test ended with an error.", "This hidden test took too long.",
                        "This hidden test exceeded a resource limit.");
            }
        }
    }

    @Test
    void visibleTestsShowTheCallsOrTheInputAndOutput() {
        for (CatalogImporter.ChallengeFile challenge : judge.challenges) {
            for (ChallengeTest test : challenge.content().tests()) {
                if (challenge.content().style() == ChallengeStyle.FUNCTION) {
                    assertThat(test.display()).as(test.name()).isNotBlank();
                    assertThat(test.stdin()).isNull();
                } else {
                    assertThat(test.steps()).isEmpty();
                    assertThat(test.expectedStdout()).isNotNull();
                }
            }
        }
        CatalogImporter.ChallengeFile grades = judge.challenges.stream()
                .filter(c -> c.content().challengeId().equals("letter-grade")).findFirst().orElseThrow();
        assertThat(grades.content().tests().get(0).display()).startsWith("letter_grade(95) == \"A\"\n");
    }

    @Test
    void aWrongValueIsShownForAVisibleTest() {
        CatalogImporter.ChallengeFile grades = judge.challenges.stream()
                .filter(c -> c.content().challengeId().equals("letter-grade")).findFirst().orElseThrow();
        Verdict verdict = judge.judge(grades, "def letter_grade(score):\n    print('checking', score)\n    return 'A'\n");
        TestOutcome first = verdict.tests().stream().filter(t -> t.name().equals("one score for each grade"))
                .findFirst().orElseThrow();
        assertThat(first.status()).isEqualTo("failed");
        assertThat(first.message()).isEqualTo("letter_grade(85) should be \"B\", but it is 'A'.");
        assertThat(first.output()).contains("checking 95");
    }

    @Test
    void aSyntaxErrorEndsTheSubmissionBeforeAnyTestRuns() {
        CatalogImporter.ChallengeFile challenge = judge.challenges.get(0);
        Verdict verdict = judge.judge(challenge, "print('hi'\nx = 1\n");
        assertThat(verdict.status()).isEqualTo("error");
        assertThat(verdict.message()).startsWith("Syntax error on line 1");
        assertThat(verdict.tests()).isEmpty();
    }

}

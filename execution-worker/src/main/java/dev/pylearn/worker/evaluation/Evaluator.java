package dev.pylearn.worker.evaluation;

import dev.pylearn.api.submission.SubmissionStatus;
import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.TestOutcome;
import dev.pylearn.worker.sandbox.RunRequest;
import dev.pylearn.worker.sandbox.RunResult;
import dev.pylearn.worker.sandbox.TransientBackendException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges a submission: compiles it once (a syntax error ends it before any test runs), then runs
 * every test at the same time on the shared executor, which bounds how many runs this process has
 * in flight. Every verdict is decided here, from data, never from what the learner's process says
 * about itself (its exit code, or assertions run inside it): function-style tests send only the calls
 * to the sandbox, where {@code harness.py} imports the solution as a module and reports what each
 * call gave; the expected values never leave this class. io-style tests run the program as
 * {@code python3 solution.py} and compare its stdout here. Hidden tests report only a fixed status
 * and a fixed message per status: no input, no expected value, no output, no exception.
 */
public class Evaluator {

    static final int OUTPUT_SHOWN = 4096;
    static final String BACKEND_DOWN = "The code runner is unavailable right now, so your submission was not "
            + "judged. Please submit it again in a minute.";

    private static final String HARNESS_FILE = "harness.py";
    private static final String HARNESS = resource(HARNESS_FILE);
    private static final String SYNTAX = resource("syntax.py");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BackendGuard backend;
    private final ExecutorService tests;
    private final Duration outageWait;
    private final Duration outagePoll;

    /** Gives up on a runner that is down once the guard's retries are spent. */
    public Evaluator(BackendGuard backend, ExecutorService tests) {
        this(backend, tests, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Waits out an outage of the code runner: while it is down (past the guard's retries), the whole
     * evaluation is tried again every {@code outagePoll}, for up to {@code outageWait}, before the
     * submission ends as "the code runner is unavailable". The segment judging it waits meanwhile, so
     * the queue waits too and drains once the runner is back. Keep the wait below the submissions'
     * deadline, or the sweep gives the submission to another attempt while this one still waits.
     */
    public Evaluator(BackendGuard backend, ExecutorService tests, Duration outageWait, Duration outagePoll) {
        this.backend = backend;
        this.tests = tests;
        this.outageWait = outageWait;
        this.outagePoll = outagePoll;
    }

    /** Hears each test's outcome as soon as it is judged ({@code index}: its place in the challenge's tests). */
    @FunctionalInterface
    public interface JudgedTests {
        void judged(int index, TestOutcome outcome);
    }

    public Verdict evaluate(SubmissionRequested submission) {
        return evaluate(submission, (index, outcome) -> { });
    }

    /**
     * Runs every test in parallel and decides the verdict from all of them; {@code judged} hears each
     * outcome the moment it is known (in the order tests finish), for learners watching the run.
     */
    public Verdict evaluate(SubmissionRequested submission, JudgedTests judged) {
        long giveUpAt = System.nanoTime() + outageWait.toNanos();
        while (true) {
            Verdict verdict = evaluateOnce(submission, judged);
            if (!BACKEND_DOWN.equals(verdict.message()) || System.nanoTime() - giveUpAt >= 0) {
                return verdict;
            }
            try {
                Thread.sleep(outagePoll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return verdict;
            }
        }
    }

    private Verdict evaluateOnce(SubmissionRequested submission, JudgedTests judged) {
        String syntaxError;
        try {
            syntaxError = syntaxError(submission.code());
        } catch (TransientBackendException e) {
            return new Verdict("error", BACKEND_DOWN, List.of());
        }
        if (syntaxError != null) {
            return new Verdict("error", syntaxError, List.of());
        }
        List<Future<TestOutcome>> running = new ArrayList<>();
        for (int i = 0; i < submission.tests().size(); i++) {
            int index = i;
            ChallengeTest test = submission.tests().get(i);
            running.add(tests.submit(() -> {
                TestOutcome outcome = runTest(submission, test);
                judged.judged(index, outcome);
                return outcome;
            }));
        }
        List<TestOutcome> outcomes = new ArrayList<>();
        boolean backendDown = false;
        for (Future<TestOutcome> future : running) {
            try {
                outcomes.add(future.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TransientBackendException) {
                    backendDown = true;
                } else {
                    throw new IllegalStateException("evaluating a test failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while evaluating", e);
            }
        }
        if (backendDown) {
            return new Verdict("error", BACKEND_DOWN, outcomes);
        }
        long passed = outcomes.stream().filter(o -> o.status().equals("passed")).count();
        if (passed == outcomes.size()) {
            return new Verdict(SubmissionStatus.PASSED, "All " + passed + " tests passed.", outcomes);
        }
        return new Verdict(SubmissionStatus.FAILED, passed + " of " + outcomes.size() + " tests passed.", outcomes);
    }

    /** The first syntax error, as "Syntax error on line 3: invalid syntax", or null. */
    private String syntaxError(String code) {
        RunResult result = backend.run(new RunRequest(Map.of("syntax.py", SYNTAX, "solution.py", code), "syntax.py",
                "", Duration.ofSeconds(5)));
        if (result.stdout().contains("\u001eOK")) {
            return null;
        }
        int marker = result.stdout().indexOf("\u001eSYNTAX ");
        if (marker >= 0) {
            JsonNode report = JSON.readTree(result.stdout().substring(marker + 8).strip());
            String line = report.path("line").isNumber() ? " on line " + report.path("line").asInt() : "";
            return "Syntax error" + line + ": " + report.path("message").asString("invalid syntax");
        }
        return "Your code could not be compiled: it is too large or too deeply nested.";
    }

    private TestOutcome runTest(SubmissionRequested submission, ChallengeTest test) {
        Duration limit = Duration.ofMillis(submission.timeLimitMs());
        if (submission.style() == ChallengeStyle.FUNCTION) {
            if (test.steps().isEmpty()) {
                // a test of the old judge (assertion code, no calls): judging nothing must not pass
                return outcome(test, "error", "This test was written for an earlier judge and cannot run; submit "
                        + "again to be judged by the current tests.", new RunResult("", "", 0, false, false, 0));
            }
            // the calls only: the expected values stay here
            Map<String, Object> calls = new LinkedHashMap<>();
            calls.put("setup", test.setup());
            calls.put("steps", test.steps().stream().map(ChallengeTest.Step::code).toList());
            RunResult result = backend.run(new RunRequest(Map.of(HARNESS_FILE, HARNESS, "solution.py",
                    submission.code(), "calls.json", JSON.writeValueAsString(calls)), HARNESS_FILE, "", limit));
            return functionOutcome(test, result, submission.timeLimitMs());
        }
        RunResult result = backend.run(new RunRequest(Map.of("solution.py", submission.code()), "solution.py",
                test.stdin(), limit));
        return ioOutcome(test, result, submission.timeLimitMs());
    }

    /** Judges a function-style run from the harness's report alone; its exit code says nothing. */
    static TestOutcome functionOutcome(ChallengeTest test, RunResult result, int timeLimitMs) {
        TestOutcome limited = limits(test, result, timeLimitMs);
        if (limited != null) {
            return limited;
        }
        Report report = Report.read(result.stdout(), test.steps().size());
        if (report.problem() != null) {
            if (report.incomplete() && killed(result)) {
                return outcome(test, "limit-exceeded", "Your code was stopped: it exceeded a resource limit "
                        + "(memory, CPU or processes), or was killed.", result);
            }
            return outcome(test, "error", report.problem(), result);
        }
        if (report.phaseError() != null) {
            JsonNode error = report.phaseError();
            String where = error.path("phase").asString("").equals("import") ? "while being imported"
                    : "in the test's setup";
            return outcome(test, "error", "Your code raised " + raised(error) + " " + where + ".", result);
        }
        for (int i = 0; i < test.steps().size(); i++) {
            ChallengeTest.Step step = test.steps().get(i);
            JsonNode record = report.steps().get(i);
            String problem = judge(step, record);
            if (problem != null) {
                String status = problem.startsWith(ERROR_PREFIX) ? "error" : "failed";
                return outcome(test, status, problem.substring(problem.indexOf('|') + 1), result);
            }
        }
        return outcome(test, "passed", null, result);
    }

    private static final String ERROR_PREFIX = "error|";

    /** Null when the step gave what it should; else the problem, prefixed "error|" or "failed|". */
    static String judge(ChallengeTest.Step step, JsonNode record) {
        boolean raisedSomething = record.has("raised");
        if (step.raises() != null) {
            if (!raisedSomething) {
                String gave = record.has("value") ? "returned " + PyValue.fromReport(record.get("value")).repr()
                        : "ran without an error";
                return "failed|" + step.code() + " should raise " + step.raises() + ", but it " + gave + ".";
            }
            boolean typeMatches = false;
            for (JsonNode name : record.path("raised")) {
                typeMatches |= name.asString("").equals(step.raises());
            }
            String message = record.path("message").isString() ? record.path("message").stringValue() : null;
            if (!typeMatches) {
                return "failed|" + step.code() + " should raise " + step.raises() + ", but it raised "
                        + raised(record) + ".";
            }
            if (step.message() != null && (message == null || (step.messageContains()
                    ? !message.contains(step.message()) : !message.equals(step.message())))) {
                return "failed|" + step.code() + " should raise " + step.raises() + " with the message "
                        + (step.messageContains() ? "containing " : "") + PyValue.reprString(step.message())
                        + ", but the message was " + (message == null ? "unreadable" : PyValue.reprString(message))
                        + ".";
            }
            return null;
        }
        if (raisedSomething) {
            return ERROR_PREFIX + step.code() + " raised " + raised(record) + ".";
        }
        if (step.returns() == null) {
            return null;
        }
        PyValue expected = PyValue.parseLiteral(step.returns());
        if (!record.has("value")) {
            return "failed|" + step.code() + " should be " + step.returns() + ", but it is a statement.";
        }
        PyValue actual = PyValue.fromReport(record.get("value"));
        if (!expected.matches(actual)) {
            return "failed|" + step.code() + " should be " + step.returns() + ", but it is " + cap(actual.repr())
                    + ".";
        }
        return null;
    }

    private static String raised(JsonNode record) {
        String type = record.path("raised").path(0).asString("an exception");
        JsonNode message = record.path("message");
        return type + (message.isString() && !message.stringValue().isEmpty() ? ": " + cap(message.stringValue()) : "");
    }

    private static boolean killed(RunResult result) {
        return result.exitCode() < 0 || result.exitCode() >= 128;
    }

    /**
     * The harness's report: one record per step in order, or one record of an error before the steps,
     * then the end record and nothing else. Anything else (cut short, extra or foreign lines) is not a
     * report the judge accepts.
     */
    record Report(List<JsonNode> steps, JsonNode phaseError, String problem, boolean incomplete) {

        static Report read(String stdout, int stepCount) {
            List<String> lines = stdout.lines().toList();
            List<JsonNode> records = new ArrayList<>();
            boolean ended = false;
            for (String line : lines) {
                if (ended) {
                    return malformed();
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (RuntimeException e) {
                    return malformed();
                }
                if (node == null || !node.isObject()) {
                    return malformed();
                }
                if (node.size() == 1 && node.path("end").isBoolean() && node.path("end").booleanValue()) {
                    ended = true;
                } else {
                    records.add(node);
                }
            }
            if (!ended) {
                return new Report(List.of(), null, "The test did not finish: your code ended the run early (it "
                        + "exited, or was stopped) before every call of the test was made.", true);
            }
            if (records.size() == 1 && records.get(0).has("phase") && records.get(0).has("raised")) {
                return new Report(List.of(), records.get(0), null, false);
            }
            if (records.size() != stepCount) {
                return malformed();
            }
            for (int i = 0; i < stepCount; i++) {
                JsonNode record = records.get(i);
                if (!record.path("step").isNumber() || record.path("step").asInt() != i
                        || !(record.has("value") || record.has("raised") || record.has("done"))) {
                    return malformed();
                }
                if (record.has("value")) {
                    try {
                        PyValue.fromReport(record.get("value"));
                    } catch (RuntimeException e) {
                        return malformed();
                    }
                }
            }
            return new Report(records, null, null, false);
        }

        private static Report malformed() {
            return new Report(List.of(), null, "The test's report was not the judge's own: something else "
                    + "wrote to it, so the test cannot count.", false);
        }
    }

    private static TestOutcome ioOutcome(ChallengeTest test, RunResult result, int timeLimitMs) {
        TestOutcome limited = limits(test, result, timeLimitMs);
        if (limited != null) {
            return limited;
        }
        if (killed(result)) {
            return outcome(test, "limit-exceeded", "Your program was stopped: it exceeded a resource limit (memory, "
                    + "CPU or processes), or was killed.", result);
        }
        if (result.exitCode() != 0) {
            return outcome(test, "error", "Your program failed: " + lastLine(result.stderr()), result);
        }
        if (normalize(result.stdout()).equals(normalize(test.expectedStdout()))) {
            return outcome(test, "passed", null, result);
        }
        return outcome(test, "failed", "Expected output:\n" + test.expectedStdout().stripTrailing()
                + "\nYour output:\n" + cap(result.stdout().stripTrailing()), result);
    }

    private static TestOutcome limits(ChallengeTest test, RunResult result, int timeLimitMs) {
        if (result.timedOut()) {
            // the local sandbox judges CPU time and says how much; a run stopped while waiting (or on
            // Piston, which says nothing of CPU time) is told the limit alone
            return outcome(test, "timeout", result.cpuMs() > timeLimitMs
                    ? "Used more than the " + timeLimitMs + " ms of CPU time a test may take."
                    : "Took longer than " + timeLimitMs + " ms.", result);
        }
        if (result.outputTruncated()) {
            return outcome(test, "limit-exceeded", "Printed more output than allowed; it was cut off.", result);
        }
        return null;
    }

    /**
     * A hidden test says only its status, in words fixed per status: nothing the learner's code printed,
     * raised or returned, and nothing of the test's input or expected values.
     */
    private static TestOutcome outcome(ChallengeTest test, String status, String message, RunResult result) {
        if (test.hidden()) {
            return new TestOutcome(test.name(), true, status, HIDDEN_MESSAGES.get(status), null, result.judgedMs());
        }
        // function-style runs print the learner's own output on stderr: stdout is the harness's report
        String output = test.steps().isEmpty() ? result.stdout() : result.stderr();
        return new TestOutcome(test.name(), false, status, message, cap(output), result.judgedMs());
    }

    static final Map<String, String> HIDDEN_MESSAGES = Map.of(
            "passed", "This hidden test passed.",
            "failed", "This hidden test failed.",
            "error", "This hidden test ended with an error.",
            "timeout", "This hidden test took too long.",
            "limit-exceeded", "This hidden test exceeded a resource limit.");

    static String normalize(String output) {
        if (output == null) {
            return "";
        }
        List<String> lines = new ArrayList<>(output.replace("\r\n", "\n").lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "it exited with an error" : cap(lines.get(lines.size() - 1));
    }

    private static String cap(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= OUTPUT_SHOWN ? text : text.substring(0, OUTPUT_SHOWN) + "\n[output cut]";
    }

    private static String resource(String name) {
        try (InputStream in = Evaluator.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

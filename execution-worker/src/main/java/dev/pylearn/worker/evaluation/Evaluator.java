package dev.pylearn.worker.evaluation;

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
 * in flight. Hidden tests report no input, no expected value and no output.
 */
public class Evaluator {

    static final int OUTPUT_SHOWN = 4096;
    static final String BACKEND_DOWN = "The code runner is unavailable right now, so your submission was not "
            + "judged. Please submit it again in a minute.";

    private static final String CHECK = resource("check.py");
    private static final String SYNTAX = resource("syntax.py");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BackendGuard backend;
    private final ExecutorService tests;

    public Evaluator(BackendGuard backend, ExecutorService tests) {
        this.backend = backend;
        this.tests = tests;
    }

    public Verdict evaluate(SubmissionRequested submission) {
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
        for (ChallengeTest test : submission.tests()) {
            running.add(tests.submit(() -> runTest(submission, test)));
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
            return new Verdict("passed", "All " + passed + " tests passed.", outcomes);
        }
        return new Verdict("failed", passed + " of " + outcomes.size() + " tests passed.", outcomes);
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
            RunResult result = backend.run(new RunRequest(Map.of("check.py", CHECK, "solution.py", submission.code(),
                    "test.py", test.assertion()), "check.py", "", limit));
            return functionOutcome(test, result, submission.timeLimitMs());
        }
        RunResult result = backend.run(new RunRequest(Map.of("solution.py", submission.code()), "solution.py",
                test.stdin(), limit));
        return ioOutcome(test, result, submission.timeLimitMs());
    }

    private static TestOutcome functionOutcome(ChallengeTest test, RunResult result, int timeLimitMs) {
        TestOutcome limited = limits(test, result, timeLimitMs);
        if (limited != null) {
            return limited;
        }
        String report = report(result.stderr());
        return switch (result.exitCode()) {
            case 0 -> outcome(test, "passed", null, result);
            case 1 -> outcome(test, "failed", test.hidden() ? "This hidden test failed." : report, result);
            case 2, 3 -> outcome(test, "error", test.hidden() ? "Your code raised " + errorType(report)
                    + " in this hidden test." : report, result);
            default -> outcome(test, "error", "Your code was stopped: it exceeded a resource limit (memory, CPU "
                    + "or processes).", result);
        };
    }

    private static TestOutcome ioOutcome(ChallengeTest test, RunResult result, int timeLimitMs) {
        TestOutcome limited = limits(test, result, timeLimitMs);
        if (limited != null) {
            return limited;
        }
        if (result.exitCode() != 0) {
            String last = lastLine(result.stderr());
            return outcome(test, "error", test.hidden() ? "Your program failed with " + errorType(last)
                    + " in this hidden test." : "Your program failed: " + last, result);
        }
        if (normalize(result.stdout()).equals(normalize(test.expectedStdout()))) {
            return outcome(test, "passed", null, result);
        }
        return outcome(test, "failed", test.hidden() ? "Your output did not match for this hidden test."
                : "Expected output:\n" + test.expectedStdout().stripTrailing() + "\nYour output:\n"
                        + cap(result.stdout().stripTrailing()), result);
    }

    private static TestOutcome limits(ChallengeTest test, RunResult result, int timeLimitMs) {
        if (result.timedOut()) {
            return outcome(test, "timeout", "Took longer than " + timeLimitMs + " ms.", result);
        }
        if (result.outputTruncated()) {
            return outcome(test, "error", "Printed more output than allowed; it was cut off.", result);
        }
        return null;
    }

    private static TestOutcome outcome(ChallengeTest test, String status, String message, RunResult result) {
        return new TestOutcome(test.name(), test.hidden(), status, message,
                test.hidden() ? null : cap(result.stdout()), result.durationMs());
    }

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

    private static String report(String stderr) {
        int marker = stderr.lastIndexOf('\u001e');
        return marker < 0 ? lastLine(stderr) : cap(stderr.substring(marker + 1).strip());
    }

    private static String errorType(String message) {
        int colon = message.indexOf(':');
        String type = colon < 0 ? message : message.substring(0, colon);
        return type.matches("[A-Za-z_][A-Za-z0-9_.]*") ? type : "an error";
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

package dev.pylearn.api.challenge;

import java.util.List;

/**
 * One test of a challenge, as data. Function-style tests are a sequence of {@link Step}s (calls of
 * the learner's functions, or operations on an object), optionally after {@code setup} code that
 * builds their fixtures; the sandbox only computes what each step gives and the worker compares it
 * with the expectation, which never enters the sandbox. io-style tests carry {@code stdin} and the
 * {@code expectedStdout}. Hidden tests travel in events (the worker needs them) but never reach a
 * learner.
 */
public record ChallengeTest(String name, boolean hidden, String setup, List<Step> steps, String stdin,
                            String expectedStdout) {

    public ChallengeTest {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** An io-style test: feed {@code stdin}, expect {@code expectedStdout}. */
    public static ChallengeTest io(String name, boolean hidden, String stdin, String expectedStdout) {
        return new ChallengeTest(name, hidden, null, List.of(), stdin, expectedStdout);
    }

    /** A function-style test. */
    public static ChallengeTest calls(String name, boolean hidden, String setup, List<Step> steps) {
        return new ChallengeTest(name, hidden, setup, steps, null, null);
    }

    /**
     * One step: {@code code} is a Python expression (its value is compared) or a statement such as an
     * assignment (it must just run). The expectation is either {@code returns}, a Python literal the
     * value must equal (numbers compare by value, floats within 1e-9 relative), or {@code raises}, the
     * name of the exception class expected (a subclass counts), with {@code message} to be equal to
     * {@code str(error)}, or contained in it when {@code messageContains}. Neither: the step must not
     * raise.
     */
    public record Step(String code, String returns, String raises, String message, boolean messageContains) {

        public static Step returns(String code, String literal) {
            return new Step(code, literal, null, null, false);
        }

        public static Step raises(String code, String exception, String message) {
            return new Step(code, null, exception, message, false);
        }

        public static Step run(String code) {
            return new Step(code, null, null, null, false);
        }

        /** How the step reads on a challenge page, e.g. {@code letter_grade(95) == "A"}. */
        public String display() {
            if (returns != null) {
                return code + " == " + returns;
            }
            if (raises != null) {
                return code + "  # raises " + raises + (message == null ? ""
                        : messageContains ? " with a message containing " + quote(message)
                        : "(" + quote(message) + ")");
            }
            return code;
        }

        private static String quote(String text) {
            return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        }
    }

    /** What a learner is shown of a visible test: its setup and steps, or its input and output. */
    public String display() {
        if (steps.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        if (setup != null && !setup.isBlank()) {
            text.append(setup.stripTrailing()).append('\n');
        }
        for (Step step : steps) {
            text.append(step.display()).append('\n');
        }
        return text.toString();
    }
}

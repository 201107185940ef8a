package dev.pylearn.api.challenge;

/**
 * One test of a challenge. Function-style tests carry {@code assertion} code run against the
 * learner's module; io-style tests carry {@code stdin} and the {@code expectedStdout}. Hidden tests
 * travel in events (the worker needs them) but never reach a learner.
 */
public record ChallengeTest(String name, boolean hidden, String assertion, String stdin, String expectedStdout) {
}

package dev.pylearn.api.challenge;

/** How a challenge's tests call the learner's code. */
public enum ChallengeStyle {
    /** The learner writes functions or classes; each test is a sequence of calls whose results the worker checks. */
    FUNCTION,
    /** The learner writes a program; each test feeds stdin and compares stdout. */
    IO
}

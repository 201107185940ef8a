package dev.pylearn.api.challenge;

/** How a challenge's tests call the learner's code. */
public enum ChallengeStyle {
    /** The learner writes functions; each test is assertion code run in the learner's module. */
    FUNCTION,
    /** The learner writes a program; each test feeds stdin and compares stdout. */
    IO
}

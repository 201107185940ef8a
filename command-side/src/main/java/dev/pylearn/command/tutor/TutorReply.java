package dev.pylearn.command.tutor;

/** A whole answer and what it cost (tokens as the provider counted them, 0 where it did not say). */
public record TutorReply(String text, String provider, String model, int tokensIn, int tokensOut) {
}

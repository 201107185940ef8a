package dev.pylearn.command.tutor;

import java.util.function.Consumer;

/**
 * The port every tutor provider plugs into: answers a prompt, handing each piece of text to
 * {@code tokens} as it arrives, and returns the whole answer. Throws on any failure; the caller
 * bounds the time.
 */
public interface TutorModel {

    /** openai, ollama or offline: recorded with each answer. */
    String provider();

    String model();

    TutorReply answer(TutorPrompt prompt, Consumer<String> tokens) throws Exception;
}

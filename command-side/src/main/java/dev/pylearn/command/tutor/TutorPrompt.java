package dev.pylearn.command.tutor;

import java.util.List;

/**
 * Everything a tutor model is given for one question, and nothing else: the course material the
 * question is about (lesson text, challenge statement, authored hints, the visible tests and the
 * learner's own last failing visible test), the conversation so far and the question. Built only by
 * {@link TutorContexts}, which reads no hidden test and no reference solution, so no provider can
 * be handed one.
 */
public record TutorPrompt(String system, List<Section> sections, List<Turn> history, String question) {

    /** A labelled piece of course material, e.g. "Lesson: For loops" with its text. */
    public record Section(String kind, String title, String text) {
    }

    /** An earlier question of the same conversation and the answer it got. */
    public record Turn(String question, String answer) {
    }

    public static final String SYSTEM = """
            You are PyLearn's Python tutor. Help the learner understand and find the next step themselves: \
            explain concepts, point at the relevant part of the lesson or statement, and suggest what to check. \
            Do not write the full solution of a challenge. You only know the course material given below; \
            hidden tests and reference solutions are never shown to you, so say so if asked for them.""";

    /** The material and the question as one text, for models that take a system and a user message. */
    public String material() {
        StringBuilder text = new StringBuilder();
        for (Section section : sections) {
            text.append("## ").append(section.title()).append("\n\n").append(section.text().strip()).append("\n\n");
        }
        return text.toString();
    }
}

package dev.pylearn.api.tutor;

/** Where one of the learner's questions stands in the read model: asked, answered, failed; empty if not there yet. */
public record FindTutorQuestionStatus(String learnerId, String questionId) {
}

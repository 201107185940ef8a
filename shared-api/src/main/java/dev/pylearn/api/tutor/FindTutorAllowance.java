package dev.pylearn.api.tutor;

/** How many tutor questions the learner has left today; answered with {@link TutorAllowanceView}. */
public record FindTutorAllowance(String learnerId) {
}

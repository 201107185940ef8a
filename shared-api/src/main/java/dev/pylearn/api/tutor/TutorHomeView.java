package dev.pylearn.api.tutor;

/** The tutor page's model: the day's allowance and a page of the learner's conversations. */
public record TutorHomeView(TutorAllowanceView allowance, TutorConversationsView conversations) {
}

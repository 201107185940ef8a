package dev.pylearn.api.tutor;

import java.time.Instant;

/** The tutor page: what is left today and a page of conversations, in one lookup ({@link TutorHomeView}). */
public record FindTutorHome(String learnerId, Instant before, String beforeId, int limit) {
}

package dev.pylearn.api.forum;

import java.time.Instant;

/** A learner may not post until {@code until}; a later suspension replaces an earlier one. */
public record ForumSuspended(String learnerId, Instant until, String reason, String adminId, Instant at) {
}

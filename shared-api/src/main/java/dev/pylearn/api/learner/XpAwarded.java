package dev.pylearn.api.learner;

import java.time.Instant;

/**
 * A learner earned XP. {@code totalXp} is the learner's total after this award, so read models can
 * be rebuilt from any single event without summing. {@code reason} says where it came from
 * ({@code lesson:<id>} or an admin's text).
 */
public record XpAwarded(String learnerId, int amount, String reason, long totalXp, Instant awardedAt) {
}

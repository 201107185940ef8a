package dev.pylearn.api.forum;

import java.time.Instant;

/** A learner's forum suspension ended early: they may post again from {@code at}. */
public record ForumSuspensionLifted(String learnerId, String reason, String adminId, Instant at) {
}

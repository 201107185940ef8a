package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner account was opened. {@code timezone} is an IANA zone id; streaks count days in it. */
public record LearnerRegistered(String learnerId, String username, String displayName, String timezone,
                                Instant registeredAt) {
}

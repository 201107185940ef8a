package dev.pylearn.api.learner;

import java.time.Instant;

/** A learner's time zone changed (an IANA region id, or {@code UTC}); days from {@code changedAt} on count in it. */
public record TimezoneChanged(String learnerId, String timezone, Instant changedAt) {
}

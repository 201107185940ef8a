package dev.pylearn.api.submission;

import java.time.Instant;

/** Submissions still queued or running whose current attempt was requested before {@code before}. */
public record FindStaleSubmissions(Instant before, int limit) {
}

package dev.pylearn.api.forum;

import java.time.Instant;

/** A thread takes no more replies; {@code reason} is shown on it. */
public record ThreadLocked(String threadId, String adminId, String reason, Instant at) {
}

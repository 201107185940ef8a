package dev.pylearn.api.forum;

import java.time.Instant;

/** A locked thread takes replies again; {@code reason} is shown on it. */
public record ThreadUnlocked(String threadId, String adminId, String reason, Instant at) {
}

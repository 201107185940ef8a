package dev.pylearn.api.forum;

import java.time.Instant;

/** A post was hidden by an admin; {@code reason} is shown in its place. */
public record PostHidden(String postId, String threadId, String adminId, String reason, Instant at) {
}

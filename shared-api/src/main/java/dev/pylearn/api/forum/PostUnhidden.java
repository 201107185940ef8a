package dev.pylearn.api.forum;

import java.time.Instant;

/** A hidden post is shown again; {@code reason} is shown with it. */
public record PostUnhidden(String postId, String threadId, String adminId, String reason, Instant at) {
}

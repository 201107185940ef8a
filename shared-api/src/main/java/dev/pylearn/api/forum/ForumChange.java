package dev.pylearn.api.forum;

/** A forum command's outcome: the aggregate it changed and its version, for read-your-writes. */
public record ForumChange(String id, long version) {
}

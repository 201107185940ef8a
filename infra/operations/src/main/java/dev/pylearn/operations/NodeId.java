package dev.pylearn.operations;

/**
 * The name this node goes by in segment claims ({@code token_entry.owner}) and in the operations it
 * runs: {@code pylearn.node-id}, by default {@code pid@host} as Axon names it. Two nodes must never
 * share one; set it where pid@host is not unique (several containers with pid 1 on one host name).
 */
public record NodeId(String value) {
}

package dev.pylearn.api.battle;

/** The matchmaker's answer to a join: the battle when the learner was paired at once, else null (waiting). */
public record QueueResult(String battleId, long version) {
}

package dev.pylearn.api.battle;

/**
 * The challenge two learners should battle on: one neither has solved when there is one, of the
 * difficulty that fits their levels, else the nearest. Null when the catalog has no challenge.
 */
public record FindBattleChallenge(String learnerA, String learnerB) {
}

package dev.pylearn.api.battle;

/** A battle as one of its players sees it (the opponent's code only once it has ended); none for anybody else. */
public record FindBattle(String battleId, String viewerId) {
}

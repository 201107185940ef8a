package dev.pylearn.api.battle;

import java.util.List;

/**
 * The challenge of each of these pairs, chosen as {@link FindBattleChallenge} chooses it, in one read:
 * the matchmaker pairs a burst of joins at once. Answers a list in the pairs' order, with null where
 * the catalog has no challenge.
 */
public record FindBattleChallenges(List<FindBattleChallenge> pairs) {

    public FindBattleChallenges {
        pairs = List.copyOf(pairs);
    }
}

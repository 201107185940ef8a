package dev.pylearn.api.battle;

/**
 * A learner's ended battles, newest first, {@code limit} of them after the {@code cursor} of the
 * previous page (null for the first page): keyset paging, never an offset.
 */
public record FindMyBattles(String learnerId, String cursor, int limit) {
}

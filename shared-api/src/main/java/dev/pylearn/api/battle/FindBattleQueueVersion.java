package dev.pylearn.api.battle;

/**
 * The time, in microseconds since the epoch, of the learner's last own queue change (joined or left)
 * that the battle lobby read model shows; -1 when none. Its subscription updates release the wait of
 * a join or leave for its read model.
 */
public record FindBattleQueueVersion(String learnerId) {

    /** The version a queue change at {@code at} gives: its time in whole microseconds since the epoch. */
    public static long of(java.time.Instant at) {
        return java.time.temporal.ChronoUnit.MICROS.between(java.time.Instant.EPOCH, at);
    }
}

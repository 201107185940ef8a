package dev.pylearn.command.battle;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The configured rules of battles ({@code pylearn.battles.*}). */
@Component
public class BattleSettings {

    private final Duration timeLimit;
    private final Duration acceptance;
    private final int xpForWin;
    private final int xpForCompleted;
    private final int band;
    private final Duration bandWidensEvery;

    public BattleSettings(@Value("${pylearn.battles.time-limit:10m}") Duration timeLimit,
                          @Value("${pylearn.battles.acceptance:2m}") Duration acceptance,
                          @Value("${pylearn.battles.xp-win:50}") int xpForWin,
                          @Value("${pylearn.battles.xp-completed:10}") int xpForCompleted,
                          @Value("${pylearn.battles.level-band:1}") int band,
                          @Value("${pylearn.battles.band-widens-every:10s}") Duration bandWidensEvery) {
        this.timeLimit = timeLimit;
        this.acceptance = acceptance;
        this.xpForWin = xpForWin;
        this.xpForCompleted = xpForCompleted;
        this.band = band;
        this.bandWidensEvery = bandWidensEvery;
    }

    /** How long a battle runs before the most tests passed decides it. */
    public Duration timeLimit() {
        return timeLimit;
    }

    /** How long a challenged learner has to accept. */
    public Duration acceptance() {
        return acceptance;
    }

    public int xpForWin() {
        return xpForWin;
    }

    /** XP for a battle played to its end without winning (lost or drawn). */
    public int xpForCompleted() {
        return xpForCompleted;
    }

    /**
     * The level difference two queued learners may have after waiting {@code waited}: the base band,
     * one more level for every {@code band-widens-every} of waiting.
     */
    public int bandAfter(Duration waited) {
        long steps = bandWidensEvery.isZero() ? 0 : Math.max(0, waited.toMillis() / bandWidensEvery.toMillis());
        return (int) Math.min(1000, band + steps);
    }
}

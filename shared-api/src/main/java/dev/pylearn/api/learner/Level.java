package dev.pylearn.api.learner;

/**
 * The level formula, one place for every module: reaching level {@code n} takes
 * {@code 50 * (n - 1)^2} XP in total, so level 2 needs 50 XP, level 3 200, level 4 450, level 5 800.
 * Each level costs a little more than the one before, and early levels come within a few lessons.
 */
public record Level(int value) {

    public static final int XP_FACTOR = 50;

    public static Level forXp(long xp) {
        if (xp < 0) {
            return new Level(1);
        }
        int level = (int) Math.floor(Math.sqrt(xp / (double) XP_FACTOR)) + 1;
        // guard the floating-point edge so the result always agrees with threshold()
        while (threshold(level + 1) <= xp) {
            level++;
        }
        while (level > 1 && threshold(level) > xp) {
            level--;
        }
        return new Level(level);
    }

    /** Total XP needed to reach {@code level}. */
    public static long threshold(int level) {
        long steps = level - 1L;
        return XP_FACTOR * steps * steps;
    }
}

package dev.pylearn.api.names;

/**
 * The processing groups of every module, named once: a module declares its handlers and their
 * wiring under these names, and the composition root, operations and monitoring refer to them
 * (processor settings, dead-letter queues, which role runs which group).
 */
public final class ProcessingGroups {

    /** command-side, subscribing: lookups that change in the transaction of their events. */
    public static final String LESSON_RULES = "lesson-rules";
    /** command-side, subscribing: a first pass of a challenge awards XP in the verdict's transaction. */
    public static final String CHALLENGE_REWARDS = "challenge-rewards";
    /** command-side, subscribing: a learner's forum post count moves with the post's own transaction. */
    public static final String FORUM_ACHIEVEMENTS = "forum-achievements";
    /** command-side, subscribing: a battle submission's verdict is recorded on the Battle in its transaction. */
    public static final String BATTLE_JUDGING = "battle-judging";
    /** command-side, streaming: an ended battle's XP and win count go to the Learner (never on replay). */
    public static final String BATTLE_REWARDS = "battle-rewards";
    /** command-side, streaming: notifications sent once per learner, kind and period (never on replay). */
    public static final String NOTIFICATIONS = "notifications";

    /** projections, streaming. */
    public static final String LEARNER_DASHBOARD = "learner-dashboard";
    public static final String CATALOG = "catalog";
    public static final String LEADERBOARDS = "leaderboards";
    public static final String ACHIEVEMENT_STATS = "achievement-stats";
    public static final String ANALYTICS = "analytics";
    public static final String SUBMISSIONS = "submissions";

    /** execution-worker, streaming: judges submissions. */
    public static final String EXECUTION_WORKER = "execution-worker";

    private ProcessingGroups() {
    }
}

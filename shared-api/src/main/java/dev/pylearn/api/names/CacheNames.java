package dev.pylearn.api.names;

/**
 * The shared cache's names and keys, named once for the query side that fills entries and the
 * projections and operations that evict them: a key spelt differently on one side would be an entry
 * never evicted.
 */
public final class CacheNames {

    /** Catalog pages (30 min TTL). */
    public static final String CATALOG = "catalog";
    /** One learner's pages (5 min TTL). */
    public static final String USER = "user";
    /** Leaderboard pages (2 min TTL). */
    public static final String LEADERBOARDS = "leaderboards";

    /** In {@link #CATALOG}: the list of tracks. */
    public static final String TRACKS = "tracks";
    /** In {@link #CATALOG}: the challenges new battles are chosen from, with their difficulty. */
    public static final String BATTLE_CHALLENGES = "battle-challenges";

    private CacheNames() {
    }

    /** In {@link #USER}. */
    public static String dashboard(String learnerId) {
        return "dashboard:" + learnerId;
    }

    /** In {@link #USER}. */
    public static String profile(String learnerId) {
        return "profile:" + learnerId;
    }

    /** In {@link #USER}. */
    public static String achievements(String learnerId) {
        return "achievements:" + learnerId;
    }
}

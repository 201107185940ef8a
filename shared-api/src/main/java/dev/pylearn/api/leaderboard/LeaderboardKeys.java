package dev.pylearn.api.leaderboard;

/**
 * The Redis keys of the leaderboards, one naming for the projection that writes them and the
 * queries that read them: {@code <prefix>lb:global} and {@code <prefix>lb:weekly:2026-W48}.
 */
public record LeaderboardKeys(String prefix) {

    public String global() {
        return prefix + "lb:global";
    }

    public String weekly(IsoWeek week) {
        return prefix + "lb:weekly:" + week.value();
    }

    /** A pattern matching every leaderboard key, for clearing them. */
    public String all() {
        return prefix + "lb:*";
    }
}

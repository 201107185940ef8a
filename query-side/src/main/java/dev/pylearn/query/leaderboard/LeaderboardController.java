package dev.pylearn.query.leaderboard;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.leaderboard.FindLeaderboard;
import dev.pylearn.api.leaderboard.FindMyRank;
import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardView;
import dev.pylearn.api.leaderboard.RankView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Leaderboards: all-time XP and XP per ISO week (UTC). */
@RestController
class LeaderboardController {

    private final Queries queries;
    private final Clock clock;

    LeaderboardController(Queries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/api/leaderboards/global")
    LeaderboardView global(@RequestParam(defaultValue = "10") int limit) {
        return queries.one(new FindLeaderboard(null, checked(limit)), LeaderboardView.class).orElseThrow();
    }

    @GetMapping("/api/leaderboards/weekly")
    LeaderboardView weekly(@RequestParam(required = false) String week, @RequestParam(defaultValue = "10") int limit) {
        return queries.one(new FindLeaderboard(week(week), checked(limit)), LeaderboardView.class).orElseThrow();
    }

    @GetMapping("/api/me/rank")
    RankView rank(Principal me) {
        return queries.one(new FindMyRank(me.getName(), IsoWeek.of(clock.instant())), RankView.class).orElseThrow();
    }

    private IsoWeek week(String text) {
        if (text == null || text.isBlank()) {
            return IsoWeek.of(clock.instant());
        }
        IsoWeek week = IsoWeek.parse(text);
        if (week == null) {
            throw Rejection.invalid("invalid-week", "'" + text + "' is not an ISO week such as 2026-W48.");
        }
        return week;
    }

    private static int checked(int limit) {
        if (limit < 1 || limit > 100) {
            throw Rejection.invalid("invalid-limit", "'limit' must be between 1 and 100.");
        }
        return limit;
    }
}

package dev.pylearn.web.learner;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.leaderboard.FindLeaderboard;
import dev.pylearn.api.leaderboard.FindMyRank;
import dev.pylearn.api.leaderboard.IsoWeek;
import dev.pylearn.api.leaderboard.LeaderboardView;
import dev.pylearn.api.leaderboard.RankView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import java.time.Clock;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public leaderboards: all-time ({@code /leaderboards}) and weekly ({@code /leaderboards/weekly},
 * any ISO week picked with a plain GET form or the previous/next links, so no script is needed).
 * The board is the API's cached {@link FindLeaderboard}; a logged-in viewer's own standing is
 * {@link FindMyRank} (Redis for the all-time board and the current week), which gives their rank
 * even when they are far below the rows shown.
 */
@Controller
class LeaderboardPages {

    static final int DEFAULT_LIMIT = 20;

    private final Queries queries;
    private final Clock clock;

    LeaderboardPages(Queries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/leaderboards")
    String global(@RequestParam(defaultValue = "" + DEFAULT_LIMIT) String limit, Principal viewer, Model model) {
        return page(null, limit, viewer, model);
    }

    @GetMapping("/leaderboards/weekly")
    String weekly(@RequestParam(required = false) String week,
                  @RequestParam(defaultValue = "" + DEFAULT_LIMIT) String limit, Principal viewer, Model model) {
        IsoWeek current = IsoWeek.of(clock.instant());
        IsoWeek picked = week == null || week.isBlank() ? current : IsoWeek.parse(week.trim());
        if (picked == null) {
            throw Rejection.invalid("invalid-week", "'" + week + "' is not an ISO week such as 2026-W48.");
        }
        if (picked.value().compareTo(current.value()) > 0) {
            throw Rejection.invalid("invalid-week", "Week " + picked.value() + " has not started yet.");
        }
        return page(picked, limit, viewer, model);
    }

    private String page(IsoWeek week, String limitText, Principal viewer, Model model) {
        int limit = limit(limitText);
        IsoWeek current = IsoWeek.of(clock.instant());
        LeaderboardView board = queries.one(new FindLeaderboard(week, limit), LeaderboardView.class).orElseThrow();
        Long myRank = null;
        long myXp = 0;
        if (viewer != null) {
            RankView rank = queries.one(new FindMyRank(viewer.getName(), week == null ? current : week), RankView.class)
                    .orElseThrow();
            myRank = week == null ? rank.global().rank() : rank.weekly().rank();
            myXp = week == null ? rank.global().xp() : rank.weekly().xp();
        }
        model.addAttribute("page", new LeaderboardPage(board, week != null, week == null ? current : week, current,
                limit, viewer == null ? null : viewer.getName(), myRank, myXp));
        return "learner/leaderboards";
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Rejection.invalid("invalid-limit", "'limit' must be a whole number from 1 to 100.");
    }
}

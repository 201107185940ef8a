package dev.pylearn.web.learner;

import dev.pylearn.api.JsonText;
import dev.pylearn.api.Rejection;
import dev.pylearn.api.achievement.AchievementsView;
import dev.pylearn.api.achievement.FindMyAchievements;
import dev.pylearn.api.analytics.FindStudyTime;
import dev.pylearn.api.analytics.StudyTimeView;
import dev.pylearn.api.progress.DashboardView;
import dev.pylearn.api.progress.FindDashboard;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The learner's own pages: the dashboard and the achievements. Each reads through the same query
 * handlers as the API ({@code /api/me/dashboard}, {@code /api/me/analytics/study-time},
 * {@code /api/me/achievements}), so a page and an API client see the same numbers.
 * <p>
 * The dashboard is the one page with two reads: its view (one indexed lookup, cached) and the
 * calendar (one indexed range of {@code analytics_daily_activity}). They cannot be one statement
 * without giving up the dashboard's cache: the days are kept by the {@code analytics} projection,
 * not the dashboard's, so a calendar folded into the cached dashboard would stay stale whenever
 * that projection applies an event after the dashboard's eviction; and "today" moves at the
 * learner's midnight, which no event marks.
 */
@Controller
class LearnerPages {

    private final Queries queries;
    private final JsonMapper json;

    LearnerPages(Queries queries, JsonMapper json) {
        this.queries = queries;
        this.json = json;
    }

    @GetMapping("/dashboard")
    String dashboard(Principal me, Model model) {
        DashboardView dashboard = queries.one(new FindDashboard(me.getName()), JsonText.class)
                .map(text -> json.readValue(text.json(), DashboardView.class))
                .orElseThrow(() -> unknown(me));
        StudyTimeView studyTime = queries.one(new FindStudyTime(me.getName(), ActivityCalendar.DAYS),
                StudyTimeView.class).orElseThrow(() -> unknown(me));
        model.addAttribute("page", new DashboardPage(dashboard, ActivityCalendar.of(studyTime)));
        return "learner/dashboard";
    }

    @GetMapping("/achievements")
    String achievements(Principal me, Model model) {
        model.addAttribute("achievements", queries.one(new FindMyAchievements(me.getName()), AchievementsView.class)
                .orElseThrow(() -> unknown(me)));
        return "learner/achievements";
    }

    static Rejection unknown(Principal me) {
        return Rejection.notFound("unknown-learner", "There is no learner '" + me.getName() + "'.");
    }
}

package dev.pylearn.query.progress;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.progress.DashboardView;
import dev.pylearn.api.progress.FindDashboard;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own profile and dashboard. */
@RestController
class ProgressController {

    private final Queries queries;

    ProgressController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/me")
    ProfileView profile(Principal me) {
        return queries.one(new FindProfile(me.getName()), ProfileView.class).orElseThrow(() -> unknown(me));
    }

    @GetMapping("/api/me/dashboard")
    DashboardView dashboard(Principal me) {
        return queries.one(new FindDashboard(me.getName()), DashboardView.class).orElseThrow(() -> unknown(me));
    }

    private static Rejection unknown(Principal me) {
        return Rejection.notFound("unknown-learner", "There is no learner '" + me.getName() + "'.");
    }
}

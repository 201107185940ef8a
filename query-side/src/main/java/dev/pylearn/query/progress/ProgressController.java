package dev.pylearn.query.progress;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.JsonText;
import dev.pylearn.api.progress.FindDashboard;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    /** A {@code DashboardView}, sent as the JSON text the cache holds. */
    @GetMapping(value = "/api/me/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> dashboard(Principal me) {
        JsonText dashboard = queries.one(new FindDashboard(me.getName()), JsonText.class).orElseThrow(() -> unknown(me));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(dashboard.json());
    }

    private static Rejection unknown(Principal me) {
        return Rejection.notFound("unknown-learner", "There is no learner '" + me.getName() + "'.");
    }
}

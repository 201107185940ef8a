package dev.pylearn.query.achievement;

import dev.pylearn.api.achievement.AchievementsView;
import dev.pylearn.api.achievement.FindMyAchievements;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's achievements: unlocked with dates, locked with progress. */
@RestController
class AchievementController {

    private final Queries queries;

    AchievementController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/me/achievements")
    AchievementsView mine(Principal me) {
        return queries.one(new FindMyAchievements(me.getName()), AchievementsView.class).orElseThrow();
    }
}

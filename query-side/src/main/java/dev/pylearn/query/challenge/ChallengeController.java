package dev.pylearn.query.challenge;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.challenge.ChallengeSummaryView;
import dev.pylearn.api.challenge.ChallengeView;
import dev.pylearn.api.challenge.FindChallenge;
import dev.pylearn.api.challenge.FindChallenges;
import dev.pylearn.query.web.Queries;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The challenge catalog, public like the lessons; with a token, {@code solved} and locks are the caller's. */
@RestController
class ChallengeController {

    private final Queries queries;

    ChallengeController(Queries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/challenges")
    List<ChallengeSummaryView> challenges(@RequestParam(required = false) String trackId, Principal caller) {
        return queries.many(new FindChallenges(trackId, caller == null ? null : caller.getName()),
                ChallengeSummaryView.class);
    }

    @GetMapping("/api/challenges/{challengeId}")
    ChallengeView challenge(@PathVariable String challengeId, Principal caller) {
        return queries.one(new FindChallenge(challengeId, caller == null ? null : caller.getName()),
                        ChallengeView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-challenge",
                        "There is no challenge '" + challengeId + "'."));
    }
}

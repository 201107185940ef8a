package dev.pylearn.api.learner;

import java.util.Set;

/** One learner as an admin's search lists it: who, how far, premium and the roles the account holds. */
public record LearnerSummaryView(String learnerId, String username, String displayName, long xp, int level,
                                 boolean premium, Set<String> roles) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}

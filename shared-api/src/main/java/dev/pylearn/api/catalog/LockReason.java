package dev.pylearn.api.catalog;

import java.util.Collection;
import java.util.Set;

/**
 * Why a track's lessons are closed to a learner. One rule for the command side (which refuses a
 * completion) and the query side (which shows the lock), so the two never disagree.
 */
public enum LockReason {
    PREMIUM_REQUIRED("premium_required"),
    PREREQUISITE_INCOMPLETE("prerequisite_incomplete");

    private final String code;

    LockReason(String code) {
        this.code = code;
    }

    /** The lower-case code clients see, e.g. {@code premium_required}. */
    public String code() {
        return code;
    }

    /**
     * The reason a track is locked, or {@code null} when it is open.
     *
     * @param prerequisiteLessons lessons of the prerequisite track, empty when it has none
     */
    public static LockReason of(boolean premiumTrack, boolean learnerPremium, Collection<String> prerequisiteLessons,
                                Set<String> completedLessons) {
        if (premiumTrack && !learnerPremium) {
            return PREMIUM_REQUIRED;
        }
        if (!completedLessons.containsAll(prerequisiteLessons)) {
            return PREREQUISITE_INCOMPLETE;
        }
        return null;
    }
}

package dev.pylearn.api.catalog;

import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The whole authored content of one track, as read from the content files. Sent at every start-up;
 * the {@code Track} aggregate compares it with what it published before and emits events only for
 * what is new or changed, so an unchanged catalog produces no events.
 */
public record PublishTrack(
        @TargetAggregateIdentifier String trackId,
        int position,
        String title,
        String description,
        boolean premium,
        String prerequisiteTrackId,
        List<ModuleContent> modules,
        List<ChallengeContent> challenges) {

    /** A module of the track, its lessons in reading order. */
    public record ModuleContent(String moduleId, String title, List<LessonContent> lessons) {
    }

    /** A lesson as authored: Markdown body and the XP a first completion earns. */
    public record LessonContent(String lessonId, String title, int xp, String body) {
    }

    /**
     * A coding challenge as authored, without its reference solution (which never leaves the content files);
     * {@code hints} in the order a learner should meet them.
     */
    public record ChallengeContent(String challengeId, String title, String difficulty, int xp, int timeLimitMs,
                                   ChallengeStyle style, String statement, String starterCode,
                                   List<ChallengeTest> tests, List<String> hints) {

        public ChallengeContent {
            hints = hints == null ? List.of() : List.copyOf(hints);
        }

        public ChallengeContent(String challengeId, String title, String difficulty, int xp, int timeLimitMs,
                                ChallengeStyle style, String statement, String starterCode, List<ChallengeTest> tests) {
            this(challengeId, title, difficulty, xp, timeLimitMs, style, statement, starterCode, tests, List.of());
        }
    }
}

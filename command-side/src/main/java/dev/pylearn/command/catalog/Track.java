package dev.pylearn.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.LessonPublished;
import dev.pylearn.api.challenge.ChallengePublished;
import dev.pylearn.api.challenge.ChallengeRetired;
import dev.pylearn.api.challenge.ChallengeStyle;
import dev.pylearn.api.challenge.ChallengeTest;
import dev.pylearn.api.catalog.LessonRetired;
import dev.pylearn.api.catalog.PublishTrack;
import dev.pylearn.api.catalog.TrackPublicationResult;
import dev.pylearn.api.catalog.TrackPublished;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A track of the catalog as last published. Publishing the same content again changes nothing, so
 * the importer can send every track at every start-up and only real edits become events.
 */
@Aggregate
public class Track {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,127}");
    static final int MAX_LESSON_XP = 1000;

    @AggregateIdentifier
    private String trackId;
    private TrackPublished outline;
    private final Map<String, LessonPublished> lessons = new HashMap<>();
    private final Map<String, ChallengePublished> challenges = new HashMap<>();

    protected Track() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public TrackPublicationResult handle(PublishTrack command) {
        validate(command);
        int published = 0;
        TrackPublished newOutline = outlineOf(command);
        if (!newOutline.equals(outline)) {
            apply(newOutline);
            published++;
        }
        Set<String> present = new HashSet<>();
        for (PublishTrack.ModuleContent module : command.modules()) {
            for (PublishTrack.LessonContent lesson : module.lessons()) {
                present.add(lesson.lessonId());
                LessonPublished content = new LessonPublished(lesson.lessonId(), command.trackId(), module.moduleId(),
                        lesson.title(), lesson.xp(), lesson.body());
                if (!content.equals(lessons.get(lesson.lessonId()))) {
                    apply(content);
                    published++;
                }
            }
        }
        for (String lessonId : new LinkedHashSet<>(lessons.keySet())) {
            if (!present.contains(lessonId)) {
                apply(new LessonRetired(lessonId, command.trackId()));
                published++;
            }
        }
        published += publishChallenges(command);
        return new TrackPublicationResult(command.trackId(), published);
    }

    private int publishChallenges(PublishTrack command) {
        int published = 0;
        Set<String> present = new HashSet<>();
        List<PublishTrack.ChallengeContent> authored = command.challenges() == null ? List.of() : command.challenges();
        for (int position = 0; position < authored.size(); position++) {
            PublishTrack.ChallengeContent c = authored.get(position);
            present.add(c.challengeId());
            ChallengePublished content = new ChallengePublished(c.challengeId(), command.trackId(), position, c.title(),
                    c.difficulty(), c.xp(), c.timeLimitMs(), c.style(), c.statement(), c.starterCode(), c.tests(),
                    c.hints());
            if (!content.equals(challenges.get(c.challengeId()))) {
                apply(content);
                published++;
            }
        }
        for (String challengeId : new LinkedHashSet<>(challenges.keySet())) {
            if (!present.contains(challengeId)) {
                apply(new ChallengeRetired(challengeId, command.trackId()));
                published++;
            }
        }
        return published;
    }

    private static TrackPublished outlineOf(PublishTrack command) {
        List<TrackPublished.ModuleOutline> modules = command.modules().stream()
                .map(m -> new TrackPublished.ModuleOutline(m.moduleId(), m.title(), m.lessons().stream()
                        .map(l -> new TrackPublished.LessonOutline(l.lessonId(), l.title(), l.xp()))
                        .toList()))
                .toList();
        return new TrackPublished(command.trackId(), command.position(), command.title(), command.description(),
                command.premium(), command.prerequisiteTrackId(), modules);
    }

    private static void validate(PublishTrack command) {
        requireId("track", command.trackId());
        requireText("track " + command.trackId() + " title", command.title());
        if (command.trackId().equals(command.prerequisiteTrackId())) {
            throw Rejection.invalid("invalid-content", "Track " + command.trackId() + " cannot be its own prerequisite.");
        }
        if (command.modules() == null || command.modules().isEmpty()) {
            throw Rejection.invalid("invalid-content", "Track " + command.trackId() + " has no modules.");
        }
        Set<String> ids = new HashSet<>();
        for (PublishTrack.ModuleContent module : command.modules()) {
            requireId("module", module.moduleId());
            requireText("module " + module.moduleId() + " title", module.title());
            if (!ids.add(module.moduleId())) {
                throw Rejection.invalid("invalid-content", "Module id " + module.moduleId() + " appears twice.");
            }
            for (PublishTrack.LessonContent lesson : module.lessons()) {
                requireId("lesson", lesson.lessonId());
                requireText("lesson " + lesson.lessonId() + " title", lesson.title());
                requireText("lesson " + lesson.lessonId() + " body", lesson.body());
                if (lesson.xp() < 1 || lesson.xp() > MAX_LESSON_XP) {
                    throw Rejection.invalid("invalid-content",
                            "Lesson " + lesson.lessonId() + " must be worth 1 to " + MAX_LESSON_XP + " XP.");
                }
                if (!ids.add(lesson.lessonId())) {
                    throw Rejection.invalid("invalid-content", "Id " + lesson.lessonId() + " appears twice.");
                }
            }
        }
        validateChallenges(command, ids);
    }

    private static void validateChallenges(PublishTrack command, Set<String> ids) {
        if (command.challenges() == null) {
            return;
        }
        for (PublishTrack.ChallengeContent c : command.challenges()) {
            requireId("challenge", c.challengeId());
            requireText("challenge " + c.challengeId() + " title", c.title());
            requireText("challenge " + c.challengeId() + " statement", c.statement());
            if (!ids.add(c.challengeId())) {
                throw Rejection.invalid("invalid-content", "Id " + c.challengeId() + " appears twice.");
            }
            if (c.xp() < 1 || c.xp() > MAX_LESSON_XP || c.timeLimitMs() < 100 || c.timeLimitMs() > 10_000) {
                throw Rejection.invalid("invalid-content", "Challenge " + c.challengeId()
                        + " needs 1 to " + MAX_LESSON_XP + " XP and a time limit of 100 to 10000 ms.");
            }
            if (c.style() == null || c.tests() == null || c.tests().isEmpty()
                    || c.tests().stream().noneMatch(ChallengeTest::hidden)) {
                throw Rejection.invalid("invalid-content", "Challenge " + c.challengeId()
                        + " needs a style and tests, at least one of them hidden.");
            }
            Set<String> names = new HashSet<>();
            for (ChallengeTest test : c.tests()) {
                requireText("test name in challenge " + c.challengeId(), test.name());
                if (!names.add(test.name())) {
                    throw Rejection.invalid("invalid-content", "Challenge " + c.challengeId() + " has two tests named '"
                            + test.name() + "'.");
                }
                boolean runnable = c.style() == ChallengeStyle.FUNCTION ? !test.steps().isEmpty()
                        : test.expectedStdout() != null;
                if (!runnable) {
                    throw Rejection.invalid("invalid-content", "Test '" + test.name() + "' of challenge "
                            + c.challengeId() + " does not fit the challenge's style.");
                }
            }
        }
    }

    private static void requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw Rejection.invalid("invalid-content",
                    "The " + what + " id '" + id + "' must be lower-case letters, digits and '-'.");
        }
    }

    private static void requireText(String what, String text) {
        if (text == null || text.isBlank()) {
            throw Rejection.invalid("invalid-content", "The " + what + " is empty.");
        }
    }

    @EventSourcingHandler
    void on(TrackPublished event) {
        trackId = event.trackId();
        outline = event;
    }

    @EventSourcingHandler
    void on(LessonPublished event) {
        lessons.put(event.lessonId(), event);
    }

    @EventSourcingHandler
    void on(LessonRetired event) {
        lessons.remove(event.lessonId());
    }

    @EventSourcingHandler
    void on(ChallengePublished event) {
        challenges.put(event.challengeId(), event);
    }

    @EventSourcingHandler
    void on(ChallengeRetired event) {
        challenges.remove(event.challengeId());
    }
}

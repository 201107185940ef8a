package dev.pylearn.command.learner;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.catalog.LockReason;
import dev.pylearn.api.learner.ActiveDayRecorded;
import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.CancelPremium;
import dev.pylearn.api.learner.CompleteLesson;
import dev.pylearn.api.learner.LearnerRegistered;
import dev.pylearn.api.learner.LearnerStateResult;
import dev.pylearn.api.learner.LessonCompleted;
import dev.pylearn.api.learner.LessonCompletionResult;
import dev.pylearn.api.learner.Level;
import dev.pylearn.api.learner.LevelReached;
import dev.pylearn.api.learner.PremiumCanceled;
import dev.pylearn.api.learner.PremiumStarted;
import dev.pylearn.api.learner.RegisterLearner;
import dev.pylearn.api.learner.StartPremium;
import dev.pylearn.api.learner.XpAwarded;
import dev.pylearn.command.account.Accounts;
import dev.pylearn.command.catalog.LessonRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A learner's progress: XP, level, completed lessons, daily streak and premium. Every rule that must
 * hold exactly once (XP for a lesson, a level crossed, a streak day) is decided here, from the
 * learner's own events, so concurrent commands and replays cannot double it.
 */
@Aggregate
public class Learner {

    static final int MAX_AWARD = 100_000;

    @AggregateIdentifier
    private String learnerId;
    private ZoneId zone;
    private long xp;
    private int level;
    private final Set<String> completedLessons = new HashSet<>();
    private boolean premium;
    private LocalDate lastActiveDate;
    private int currentStreak;
    private int longestStreak;

    protected Learner() {
        // for Axon
    }

    @CommandHandler
    public Learner(RegisterLearner command, Accounts accounts) {
        String username = LearnerRules.username(command.username());
        String displayName = LearnerRules.displayName(command.displayName(), username);
        ZoneId zone = LearnerRules.timezone(command.timezone());
        accounts.open(command.learnerId(), username, command.passwordHash(), command.roles());
        apply(new LearnerRegistered(command.learnerId(), username, displayName, zone.getId(), command.at()));
    }

    @CommandHandler
    public LessonCompletionResult handle(CompleteLesson command, LessonRules rules) {
        LessonRules.LessonRule rule = rules.find(command.lessonId())
                .orElseThrow(() -> Rejection.notFound("unknown-lesson",
                        "There is no lesson '" + command.lessonId() + "'."));
        if (completedLessons.contains(command.lessonId())) {
            return new LessonCompletionResult(command.lessonId(), 0, true, xp, level, version());
        }
        LockReason lock = LockReason.of(rule.trackPremium(), premium, rule.prerequisiteLessons(), completedLessons);
        if (lock != null) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "lesson-locked", "Lesson locked", lockMessage(lock, rule));
        }
        LocalDate day = LocalDate.ofInstant(command.at(), zone);
        apply(new LessonCompleted(learnerId, command.lessonId(), rule.trackId(), day, command.at()));
        recordActiveDay(day);
        gainXp(rule.xp(), "lesson:" + command.lessonId(), command.at());
        return new LessonCompletionResult(command.lessonId(), rule.xp(), false, xp, level, version());
    }

    @CommandHandler
    public LearnerStateResult handle(AwardXp command) {
        if (command.amount() <= 0 || command.amount() > MAX_AWARD) {
            throw Rejection.invalid("invalid-xp-amount", "The amount must be between 1 and " + MAX_AWARD + ".");
        }
        if (command.reason() == null || command.reason().isBlank() || command.reason().length() > 200) {
            throw Rejection.invalid("invalid-xp-reason", "A reason of 1 to 200 characters is required.");
        }
        gainXp(command.amount(), command.reason().strip(), command.at());
        return state();
    }

    @CommandHandler
    public LearnerStateResult handle(StartPremium command) {
        if (!premium) {
            apply(new PremiumStarted(learnerId, command.at()));
        }
        return state();
    }

    @CommandHandler
    public LearnerStateResult handle(CancelPremium command) {
        if (premium) {
            apply(new PremiumCanceled(learnerId, command.at()));
        }
        return state();
    }

    private void gainXp(int amount, String reason, Instant at) {
        apply(new XpAwarded(learnerId, amount, reason, xp + amount, at));
        int reached = Level.forXp(xp).value();
        for (int next = level + 1; next <= reached; next++) {
            apply(new LevelReached(learnerId, next, at));
        }
    }

    /**
     * Local days, not 24-hour spans: LocalDate arithmetic is immune to DST (a 23- or 25-hour day is
     * still one day). Activity dated before the last active day (a clock or time-zone change) is ignored.
     */
    private void recordActiveDay(LocalDate day) {
        if (lastActiveDate != null && !day.isAfter(lastActiveDate)) {
            return;
        }
        int streak = lastActiveDate != null && lastActiveDate.plusDays(1).equals(day) ? currentStreak + 1 : 1;
        apply(new ActiveDayRecorded(learnerId, day, streak, Math.max(longestStreak, streak)));
    }

    private LearnerStateResult state() {
        return new LearnerStateResult(learnerId, xp, level, premium, version());
    }

    private static long version() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? -1 : version;
    }

    private static String lockMessage(LockReason lock, LessonRules.LessonRule rule) {
        return switch (lock) {
            case PREMIUM_REQUIRED -> "Lessons of track '" + rule.trackId() + "' need a premium subscription.";
            case PREREQUISITE_INCOMPLETE -> "Finish every lesson of track '" + rule.prerequisiteTrackId()
                    + "' before starting track '" + rule.trackId() + "'.";
        };
    }

    @EventSourcingHandler
    void on(LearnerRegistered event) {
        learnerId = event.learnerId();
        zone = ZoneId.of(event.timezone());
        level = 1;
    }

    @EventSourcingHandler
    void on(LessonCompleted event) {
        completedLessons.add(event.lessonId());
    }

    @EventSourcingHandler
    void on(XpAwarded event) {
        xp = event.totalXp();
    }

    @EventSourcingHandler
    void on(LevelReached event) {
        level = Math.max(level, event.level());
    }

    @EventSourcingHandler
    void on(ActiveDayRecorded event) {
        lastActiveDate = event.localDate();
        currentStreak = event.currentStreak();
        longestStreak = event.longestStreak();
    }

    @EventSourcingHandler
    void on(PremiumStarted event) {
        premium = true;
    }

    @EventSourcingHandler
    void on(PremiumCanceled event) {
        premium = false;
    }
}

package dev.pylearn.command.learner;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.pylearn.api.Rejection;
import dev.pylearn.api.achievement.AchievementKind;
import dev.pylearn.api.achievement.AchievementUnlocked;
import dev.pylearn.api.battle.BattleResultRecorded;
import dev.pylearn.api.battle.RecordBattleResult;
import dev.pylearn.command.battle.BattleSettings;
import dev.pylearn.api.catalog.LockReason;
import dev.pylearn.api.challenge.ChallengeAttempted;
import dev.pylearn.api.challenge.ChallengeSolved;
import dev.pylearn.api.challenge.RecordChallengePass;
import dev.pylearn.api.forum.CountForumPost;
import dev.pylearn.api.forum.ForumPostCounted;
import dev.pylearn.api.forum.ForumSuspended;
import dev.pylearn.api.forum.ForumSuspensionLifted;
import dev.pylearn.api.forum.LiftForumSuspension;
import dev.pylearn.api.forum.SuspendFromForum;
import dev.pylearn.command.forum.ForumPosting;
import dev.pylearn.command.forum.ForumRules;
import dev.pylearn.api.submission.SubmissionAccepted;
import dev.pylearn.api.submission.SubmissionRequested;
import dev.pylearn.api.submission.SubmitChallenge;
import dev.pylearn.command.catalog.ChallengeRules;
import dev.pylearn.command.submission.Submission;
import dev.pylearn.command.submission.SubmissionPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
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
import dev.pylearn.api.learner.ChangeDisplayName;
import dev.pylearn.api.learner.ChangePassword;
import dev.pylearn.api.learner.ChangeTimezone;
import dev.pylearn.api.learner.DisplayNameChanged;
import dev.pylearn.api.learner.GrantRole;
import dev.pylearn.api.learner.LearnerChangeResult;
import dev.pylearn.api.learner.PasswordChangeResult;
import dev.pylearn.api.learner.PasswordChanged;
import dev.pylearn.api.learner.RevokeRole;
import dev.pylearn.api.learner.RoleGranted;
import dev.pylearn.api.learner.RoleRevoked;
import dev.pylearn.api.learner.RolesResult;
import dev.pylearn.api.learner.TimezoneChanged;
import dev.pylearn.command.account.Accounts;
import dev.pylearn.command.account.Roles;
import dev.pylearn.command.achievement.AchievementRules;
import dev.pylearn.command.catalog.LessonRules;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import dev.pylearn.api.tutor.AskTutor;
import dev.pylearn.api.tutor.RecordTutorAnswer;
import dev.pylearn.api.tutor.RecordTutorFailure;
import dev.pylearn.api.tutor.TutorAskResult;
import dev.pylearn.command.tutor.TutorAllowance;
import dev.pylearn.api.notification.ChangeNotificationPreference;
import dev.pylearn.api.notification.NotificationSettingsResult;
import dev.pylearn.api.notification.SetNotificationEmail;
import dev.pylearn.command.notification.NotificationSettings;
import dev.pylearn.command.tutor.TutorLimits;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A learner's progress: XP, level, completed lessons, daily streak and premium. Every rule that must
 * hold exactly once (XP for a lesson, a level crossed, a streak day) is decided here, from the
 * learner's own events, so concurrent commands and replays cannot double it.
 * <p>
 * The learner is also the account: display name, time zone, password changes and roles are its
 * events too (one id, created together by {@link RegisterLearner}, so a second aggregate would only
 * add a second stream to keep in step). Credentials and roles are kept in the account table
 * ({@link Accounts}), written in the command's transaction; the events are their audit trail.
 */
@Aggregate(snapshotTriggerDefinition = "learnerSnapshotTrigger", snapshotFilter = "learnerSnapshotFilter",
        cache = "learnerCache")
@Revision(Learner.SNAPSHOT_REVISION)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Learner {

    static final int MAX_AWARD = 100_000;

    /**
     * The shape of the fields below as a snapshot stores them ({@link LearnerSnapshots}): raise it with
     * any change to the fields, and older snapshots are ignored instead of read wrongly.
     */
    static final String SNAPSHOT_REVISION = "2";

    @AggregateIdentifier
    private String learnerId;
    private ZoneId zone;
    private String displayName;
    private long xp;
    private int level;
    private final Set<String> completedLessons = new HashSet<>();
    private boolean premium;
    private LocalDate lastActiveDate;
    private final Map<String, Integer> attemptsByChallenge = new HashMap<>();
    private final Set<String> solvedChallenges = new HashSet<>();
    private int firstTrySolves;
    private final Set<String> unlockedAchievements = new HashSet<>();
    /** Times of the latest submissions, oldest first, for the per-minute limit. */
    private final Deque<Instant> recentSubmissions = new ArrayDeque<>();
    private int currentStreak;
    private int longestStreak;
    /** Battles whose result was recorded, so a redelivered result counts once. */
    private final Set<String> recordedBattles = new HashSet<>();
    private int battlesWon;
    /** Tutor questions of the learner's day: the plan and time zone above decide its limit and day. */
    @AggregateMember
    private final TutorAllowance tutor = new TutorAllowance();
    /** Where notification mail goes and which kinds the learner turned off. */
    @AggregateMember
    private final NotificationSettings notifications = new NotificationSettings();
    /** Forum posts written, for the {@code forum_posts} achievements. */
    private int forumPosts;

    protected Learner() {
        // for Axon
    }

    @CommandHandler
    public Learner(RegisterLearner command, Accounts accounts) {
        String username = LearnerRules.username(command.username());
        String displayName = LearnerRules.displayName(command.displayName(), username);
        ZoneId zone = LearnerRules.timezone(command.timezone());
        accounts.open(command.learnerId(), username, command.passwordHash(), command.roles());
        // roles given at registration (the first admin's) are granted with the account, by nobody
        apply(new LearnerRegistered(command.learnerId(), username, displayName, zone.getId(), command.at()));
    }

    @CommandHandler
    public LessonCompletionResult handle(CompleteLesson command, LessonRules rules, AchievementRules achievements) {
        LessonRules.LessonRule rule = rules.find(command.lessonId())
                .orElseThrow(() -> Rejection.notFound("unknown-lesson",
                        "There is no lesson '" + command.lessonId() + "'."));
        if (completedLessons.contains(command.lessonId())) {
            return new LessonCompletionResult(command.lessonId(), 0, 0, List.of(), true, xp, level, version());
        }
        LockReason lock = LockReason.of(rule.trackPremium(), premium, rule.prerequisiteLessons(), completedLessons);
        if (lock != null) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "lesson-locked", "Lesson locked",
                    lockMessage(lock, rule.trackId(), rule.prerequisiteTrackId()));
        }
        long xpBefore = xp;
        LocalDate day = LocalDate.ofInstant(command.at(), zone);
        apply(new LessonCompleted(learnerId, command.lessonId(), rule.trackId(), day, command.at()));
        recordActiveDay(day);
        gainXp(rule.xp(), "lesson:" + command.lessonId(), command.at());
        List<String> unlocked = unlockAchievements(achievements, command.at());
        return new LessonCompletionResult(command.lessonId(), (int) (xp - xpBefore), rule.xp(), unlocked, false, xp,
                level, version());
    }

    @CommandHandler
    public TutorAskResult handle(AskTutor command, TutorLimits limits) {
        return tutor.ask(learnerId, command, premium, zone, limits);
    }

    @CommandHandler
    public boolean handle(RecordTutorAnswer command) {
        return tutor.answer(command);
    }

    @CommandHandler
    public boolean handle(RecordTutorFailure command) {
        return tutor.fail(command);
    }

    @CommandHandler
    public NotificationSettingsResult handle(ChangeNotificationPreference command) {
        return new NotificationSettingsResult(notifications.change(command), version());
    }

    @CommandHandler
    public NotificationSettingsResult handle(SetNotificationEmail command) {
        return new NotificationSettingsResult(notifications.change(command), version());
    }

    @CommandHandler
    public LearnerStateResult handle(AwardXp command, AchievementRules achievements) {
        if (command.amount() <= 0 || command.amount() > MAX_AWARD) {
            throw Rejection.invalid("invalid-xp-amount", "The amount must be between 1 and " + MAX_AWARD + ".");
        }
        if (command.reason() == null || command.reason().isBlank() || command.reason().length() > 200) {
            throw Rejection.invalid("invalid-xp-reason", "A reason of 1 to 200 characters is required.");
        }
        gainXp(command.amount(), command.reason().strip(), command.at());
        unlockAchievements(achievements, command.at());
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

    @CommandHandler
    public SubmissionAccepted handle(SubmitChallenge command, ChallengeRules rules, SubmissionPolicy policy,
                                     AchievementRules achievements) throws Exception {
        ChallengeRules.ChallengeRule rule = rules.find(command.challengeId())
                .orElseThrow(() -> Rejection.notFound("unknown-challenge",
                        "There is no challenge '" + command.challengeId() + "'."));
        // a battle's challenge was given by the battle, whatever the learner's progress through its track
        LockReason lock = command.battleId() != null ? null
                : LockReason.of(rule.trackPremium(), premium, rule.prerequisiteLessons(), completedLessons);
        if (lock != null) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "challenge-locked", "Challenge locked",
                    lockMessage(lock, rule.trackId(), rule.prerequisiteTrackId()));
        }
        Instant windowStart = command.at().minusSeconds(60);
        long inWindow = recentSubmissions.stream().filter(t -> t.isAfter(windowStart)).count();
        if (inWindow >= policy.perMinute()) {
            Instant oldest = recentSubmissions.stream().filter(t -> t.isAfter(windowStart)).findFirst().orElseThrow();
            long wait = Math.max(1, java.time.Duration.between(command.at(), oldest.plusSeconds(60)).toSeconds() + 1);
            throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-submissions", "Too many submissions",
                    "At most " + policy.perMinute() + " submissions a minute; try again in " + wait + " s.", wait);
        }
        apply(new ChallengeAttempted(learnerId, command.challengeId(), command.submissionId(), command.at()));
        recordActiveDay(LocalDate.ofInstant(command.at(), zone));
        unlockAchievements(achievements, command.at());
        SubmissionRequested requested = new SubmissionRequested(command.submissionId(), learnerId,
                command.challengeId(), rule.trackId(), command.code(), rule.style(), rule.timeLimitMs(), rule.tests(),
                1, command.at(), command.battleId());
        AggregateLifecycle.createNew(Submission.class, () -> new Submission(requested));
        return new SubmissionAccepted(command.submissionId(), version());
    }

    @CommandHandler
    public void handle(RecordChallengePass command, ChallengeRules rules, AchievementRules achievements) {
        if (solvedChallenges.contains(command.challengeId())) {
            return;
        }
        int xpForChallenge = rules.find(command.challengeId()).map(ChallengeRules.ChallengeRule::xp).orElse(0);
        boolean firstTry = attemptsByChallenge.getOrDefault(command.challengeId(), 0) <= 1;
        apply(new ChallengeSolved(learnerId, command.challengeId(), command.submissionId(), xpForChallenge, firstTry,
                command.at()));
        if (xpForChallenge > 0) {
            gainXp(xpForChallenge, "challenge:" + command.challengeId(), command.at());
        }
        unlockAchievements(achievements, command.at());
    }

    /**
     * A battle's end, once per battle: XP for a win, less for a battle played to its end (lost or
     * drawn), none for a forfeit; a win counts towards the battles_won achievements.
     */
    @CommandHandler
    public void handle(RecordBattleResult command, BattleSettings settings, AchievementRules achievements) {
        if (recordedBattles.contains(command.battleId())) {
            return;
        }
        int award = switch (command.outcome()) {
            case "won" -> settings.xpForWin();
            case "lost", "drawn" -> settings.xpForCompleted();
            case "forfeited" -> 0;
            default -> throw new IllegalArgumentException("unknown battle outcome " + command.outcome());
        };
        int won = battlesWon + ("won".equals(command.outcome()) ? 1 : 0);
        apply(new BattleResultRecorded(learnerId, command.battleId(), command.outcome(), award, won, command.at()));
        if (award > 0) {
            gainXp(award, "battle:" + command.battleId(), command.at());
        }
        unlockAchievements(achievements, command.at());
    }

    @CommandHandler
    public LearnerChangeResult handle(ChangeDisplayName command) {
        String name = LearnerRules.displayName(command.displayName());
        if (name.equals(displayName)) {
            return new LearnerChangeResult(learnerId, false, version());
        }
        apply(new DisplayNameChanged(learnerId, name, command.at()));
        return new LearnerChangeResult(learnerId, true, version());
    }

    /** Days from now on count in the new zone; days already recorded stay as they were. */
    @CommandHandler
    public LearnerChangeResult handle(ChangeTimezone command) {
        ZoneId changed = LearnerRules.timezone(command.timezone());
        if (changed.equals(zone)) {
            return new LearnerChangeResult(learnerId, false, version());
        }
        apply(new TimezoneChanged(learnerId, changed.getId(), command.at()));
        return new LearnerChangeResult(learnerId, true, version());
    }

    /** The new hash replaces the old one and every token issued before is revoked (a new generation). */
    @CommandHandler
    public PasswordChangeResult handle(ChangePassword command, Accounts accounts) {
        if (command.passwordHash() == null || command.passwordHash().isBlank()) {
            throw Rejection.invalid("invalid-password", "A password is required.");
        }
        long generation = accounts.changePassword(learnerId, command.passwordHash());
        apply(new PasswordChanged(learnerId, command.at()));
        return new PasswordChangeResult(learnerId, generation, version());
    }

    /**
     * Roles are decided against the account table, which holds every grant, also those made before
     * roles were events; a grant of a role already held changes nothing. A change ends the account's
     * sessions, so its next token carries the roles it now has.
     */
    @CommandHandler
    public RolesResult handle(GrantRole command, Accounts accounts) {
        String role = Roles.grantable(command.role());
        Accounts.RoleChange change = accounts.grantRole(learnerId, role);
        if (change.changed()) {
            apply(new RoleGranted(learnerId, role, command.grantedBy(), command.at()));
        }
        return new RolesResult(learnerId, change.roles(), version());
    }

    /** The last admin's ADMIN role cannot be revoked (409 {@code last-admin}). */
    @CommandHandler
    public RolesResult handle(RevokeRole command, Accounts accounts) {
        String role = Roles.grantable(command.role());
        Accounts.RoleChange change = accounts.revokeRole(learnerId, role);
        if (change.changed()) {
            apply(new RoleRevoked(learnerId, role, command.revokedBy(), command.at()));
        }
        return new RolesResult(learnerId, change.roles(), version());
    }

    /** A post the learner wrote (sent in the post's own transaction, once per post by ForumAchievements). */
    @CommandHandler
    public void handle(CountForumPost command, AchievementRules achievements) {
        apply(new ForumPostCounted(learnerId, command.postId(), forumPosts + 1, command.at()));
        unlockAchievements(achievements, command.at());
    }

    /** An admin stops the learner posting until a time, with a reason the learner is shown; a new one replaces it. */
    @CommandHandler
    public LearnerChangeResult handle(SuspendFromForum command, ForumPosting posting) {
        String reason = ForumRules.reason(command.reason());
        if (command.until() == null || !command.until().isAfter(command.at())) {
            throw Rejection.invalid("invalid-suspension-end", "A suspension needs an end in the future ('until').");
        }
        posting.suspend(learnerId, command.until(), reason);
        apply(new ForumSuspended(learnerId, command.until(), reason, command.adminId(), command.at()));
        return new LearnerChangeResult(learnerId, true, version());
    }

    /**
     * An admin ends a running suspension early. Whether one runs is read from {@code forum_suspension}
     * (written with every suspension and lift, in the command's transaction, and what posting checks),
     * not from a field here: the aggregate's snapshots keep their shape. None running is a 409.
     */
    @CommandHandler
    public LearnerChangeResult handle(LiftForumSuspension command, ForumPosting posting) {
        String reason = ForumRules.reason(command.reason());
        if (!posting.lift(learnerId, command.at())) {
            throw new Rejection(Rejection.Kind.CONFLICT, "not-suspended", "Not suspended",
                    "This learner is not suspended from the forum; there is nothing to lift.");
        }
        apply(new ForumSuspensionLifted(learnerId, reason, command.adminId(), command.at()));
        return new LearnerChangeResult(learnerId, true, version());
    }

    /**
     * Unlocks every achievement the learner now qualifies for, once. A reward's XP can carry the
     * learner over another threshold (a level, total XP), so it checks again until nothing changes.
     */
    private List<String> unlockAchievements(AchievementRules rules, Instant at) {
        List<AchievementRules.AchievementRule> all = rules.all();
        List<String> newlyUnlocked = new java.util.ArrayList<>();
        boolean unlocked = true;
        while (unlocked) {
            unlocked = false;
            AchievementKind.Counters counters = new AchievementKind.Counters(completedLessons,
                    solvedChallenges.size(), firstTrySolves, currentStreak, level, xp, battlesWon, forumPosts);
            for (AchievementRules.AchievementRule rule : all) {
                if (!unlockedAchievements.contains(rule.achievementId())
                        && rule.kind().current(counters, rule.trackLessons()) >= rule.threshold()) {
                    apply(new AchievementUnlocked(learnerId, rule.achievementId(), rule.title(), rule.xp(), at));
                    newlyUnlocked.add(rule.achievementId());
                    if (rule.xp() > 0) {
                        gainXp(rule.xp(), "achievement:" + rule.achievementId(), at);
                    }
                    unlocked = true;
                    break;
                }
            }
        }
        return newlyUnlocked;
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

    private static String lockMessage(LockReason lock, String trackId, String prerequisiteTrackId) {
        return switch (lock) {
            case PREMIUM_REQUIRED -> "Track '" + trackId + "' needs a premium subscription.";
            case PREREQUISITE_INCOMPLETE -> "Finish every lesson of track '" + prerequisiteTrackId
                    + "' before starting track '" + trackId + "'.";
        };
    }

    @EventSourcingHandler
    void on(LearnerRegistered event) {
        learnerId = event.learnerId();
        zone = ZoneId.of(event.timezone());
        displayName = event.displayName();
        level = 1;
    }

    @EventSourcingHandler
    void on(DisplayNameChanged event) {
        displayName = event.displayName();
    }

    @EventSourcingHandler
    void on(TimezoneChanged event) {
        zone = ZoneId.of(event.timezone());
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
    void on(ChallengeAttempted event) {
        attemptsByChallenge.merge(event.challengeId(), 1, Integer::sum);
        recentSubmissions.addLast(event.attemptedAt());
        while (recentSubmissions.size() > 100) {
            recentSubmissions.removeFirst();
        }
    }

    @EventSourcingHandler
    void on(ForumPostCounted event) {
        forumPosts = event.total();
    }

    @EventSourcingHandler
    void on(ChallengeSolved event) {
        solvedChallenges.add(event.challengeId());
        if (event.firstTry()) {
            firstTrySolves++;
        }
    }

    @EventSourcingHandler
    void on(AchievementUnlocked event) {
        unlockedAchievements.add(event.achievementId());
    }

    @EventSourcingHandler
    void on(BattleResultRecorded event) {
        recordedBattles.add(event.battleId());
        battlesWon = event.battlesWon();
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

package dev.pylearn.command.learner;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.CancelPremium;
import dev.pylearn.api.learner.LearnerStateResult;
import dev.pylearn.api.learner.LessonCompletionResult;
import dev.pylearn.api.learner.StartPremium;
import dev.pylearn.command.web.ReadYourWrites;
import java.security.Principal;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands on a learner. Each answer waits, without holding a request thread, until the learner's
 * dashboard shows the change ({@link ReadYourWrites}), so the next read the caller makes is current.
 */
@RestController
class LearnerController {

    record XpRequest(Integer amount, String reason) {
    }

    record SubscriptionResponse(boolean premium) {
    }

    record PremiumResponse(String learnerId, boolean premium) {
    }

    private final CommandGateway commands;
    private final LessonCompletions lessons;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    LearnerController(CommandGateway commands, LessonCompletions lessons, ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.lessons = lessons;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    @PostMapping("/api/me/lessons/{lessonId}/completion")
    CompletableFuture<LessonCompletionResponse> completeLesson(@PathVariable String lessonId, Principal me) {
        return lessons.complete(me.getName(), lessonId).thenApply(LessonCompletionResponse::of);
    }

    @PostMapping("/api/me/subscription")
    CompletableFuture<SubscriptionResponse> startPremium(Principal me) {
        return subscription(commands.send(new StartPremium(me.getName(), clock.instant())));
    }

    @DeleteMapping("/api/me/subscription")
    CompletableFuture<SubscriptionResponse> cancelPremium(Principal me) {
        return subscription(commands.send(new CancelPremium(me.getName(), clock.instant())));
    }

    @PostMapping("/api/admin/learners/{learnerId}/xp")
    CompletableFuture<LearnerStateResult> awardXp(@PathVariable String learnerId, @RequestBody XpRequest request) {
        if (request.amount() == null) {
            throw Rejection.invalid("invalid-xp-amount", "'amount' is required.");
        }
        return commands.<LearnerStateResult>send(new AwardXp(learnerId, request.amount(), request.reason(),
                        clock.instant()))
                .exceptionally(failure -> {
                    if (unwrap(failure) instanceof AggregateNotFoundException) {
                        throw Rejection.notFound("unknown-learner", "There is no learner '" + learnerId + "'.");
                    }
                    throw failure instanceof CompletionException completion ? completion
                            : new CompletionException(failure);
                })
                .thenCompose(result -> readYourWrites.dashboardShows(learnerId, result.version())
                        .thenApply(shown -> result));
    }

    /** An admin turns a learner's premium on (support, a payment settled elsewhere); doing it twice changes nothing. */
    @PutMapping("/api/admin/learners/{learnerId}/premium")
    CompletableFuture<PremiumResponse> grantPremium(@PathVariable String learnerId) {
        return premium(learnerId, commands.send(new StartPremium(learnerId, clock.instant())));
    }

    /** An admin turns a learner's premium off; doing it twice changes nothing. */
    @DeleteMapping("/api/admin/learners/{learnerId}/premium")
    CompletableFuture<PremiumResponse> removePremium(@PathVariable String learnerId) {
        return premium(learnerId, commands.send(new CancelPremium(learnerId, clock.instant())));
    }

    private CompletableFuture<PremiumResponse> premium(String learnerId, CompletableFuture<LearnerStateResult> sent) {
        return sent.exceptionally(failure -> {
                    if (unwrap(failure) instanceof AggregateNotFoundException) {
                        throw Rejection.notFound("unknown-learner", "There is no learner '" + learnerId + "'.");
                    }
                    throw failure instanceof CompletionException completion ? completion
                            : new CompletionException(failure);
                })
                .thenCompose(result -> readYourWrites.dashboardShows(learnerId, result.version())
                        .thenApply(shown -> new PremiumResponse(learnerId, result.premium())));
    }

    private CompletableFuture<SubscriptionResponse> subscription(CompletableFuture<LearnerStateResult> sent) {
        return sent.thenCompose(result -> readYourWrites.dashboardShows(result.learnerId(), result.version())
                .thenApply(shown -> new SubscriptionResponse(result.premium())));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * The completion as the learner sees it: {@code xpAwarded} is everything it earned, the lesson's
     * XP plus the rewards of the achievements it unlocked; {@code version} stays internal.
     */
    record LessonCompletionResponse(String lessonId, int xpAwarded, int lessonXp,
                                    java.util.List<String> achievementsUnlocked, boolean alreadyCompleted,
                                    long totalXp, int level) {
        static LessonCompletionResponse of(LessonCompletionResult r) {
            return new LessonCompletionResponse(r.lessonId(), r.xpAwarded(), r.lessonXp(), r.achievementsUnlocked(),
                    r.alreadyCompleted(), r.totalXp(), r.level());
        }
    }
}

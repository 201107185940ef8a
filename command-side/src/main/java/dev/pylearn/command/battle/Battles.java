package dev.pylearn.command.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.AcceptBattle;
import dev.pylearn.api.battle.DeclineBattle;
import dev.pylearn.api.battle.DropBattleSubmission;
import dev.pylearn.api.battle.FindBattleChallenge;
import dev.pylearn.api.battle.FindBattleLevel;
import dev.pylearn.api.battle.FindBattleQueueVersion;
import dev.pylearn.api.battle.ForfeitBattle;
import dev.pylearn.api.battle.JoinBattleQueue;
import dev.pylearn.api.battle.LeaveBattleQueue;
import dev.pylearn.api.battle.RequestBattle;
import dev.pylearn.api.battle.SubmitBattleCode;
import dev.pylearn.command.account.Accounts;
import dev.pylearn.command.submission.SubmissionIntake;
import dev.pylearn.command.web.ReadYourWrites;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

/**
 * What a learner does about battles, for the JSON API and the pages alike (same checks, same
 * messages). Each answer waits until the battle's row shows the change ({@link ReadYourWrites}),
 * so the caller's next read, or live stream, starts from it.
 */
@Service
public class Battles {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Accounts accounts;
    private final SubmissionIntake intake;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;
    private final MeterRegistry meters;
    private final QueueJoins joins;

    Battles(CommandGateway commands, QueryGateway queries, Accounts accounts, SubmissionIntake intake,
            ReadYourWrites readYourWrites, Clock clock, MeterRegistry meters, QueueJoins joins) {
        this.commands = commands;
        this.queries = queries;
        this.accounts = accounts;
        this.intake = intake;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
        this.meters = meters;
        this.joins = joins;
    }

    /**
     * Joins the queue (with the joins that arrive at the same time, {@link QueueJoins}); completes with
     * the battle when paired at once, else with null (waiting). Times
     * its two phases ({@code pylearn.battles.join}: the command, lock wait and commit included, then the
     * wait for the read model), by outcome.
     */
    public CompletableFuture<String> joinQueue(String learnerId) {
        Integer level = queries.query(new FindBattleLevel(learnerId), Integer.class).join();
        Instant at = clock.instant();
        long sent = System.nanoTime();
        return joins.join(new JoinBattleQueue(learnerId, level == null ? 1 : level, at))
                .thenCompose(result -> {
                    long done = System.nanoTime();
                    String outcome = result.battleId() == null ? "waiting" : "paired";
                    joinTimer("command", outcome).record(done - sent, TimeUnit.NANOSECONDS);
                    CompletableFuture<String> shown = result.battleId() == null
                            ? queueShows(learnerId, at).thenApply(reached -> (String) null)
                            : readYourWrites.battleShows(result.battleId(), result.version())
                                    .thenApply(reached -> result.battleId());
                    return shown.whenComplete((battleId, failure) -> joinTimer("read-model", outcome)
                            .record(System.nanoTime() - done, TimeUnit.NANOSECONDS));
                });
    }

    private Timer joinTimer(String phase, String outcome) {
        return Timer.builder("pylearn.battles.join").tag("phase", phase).tag("outcome", outcome)
                .publishPercentiles(0.5, 0.95).register(meters);
    }

    public CompletableFuture<Void> leaveQueue(String learnerId) {
        Instant at = clock.instant();
        return commands.send(new LeaveBattleQueue(learnerId, at)).thenCompose(done -> queueShows(learnerId, at));
    }

    /** Completes once the battle lobby read model shows the learner's queue change made at {@code at}. */
    private CompletableFuture<Void> queueShows(String learnerId, Instant at) {
        long version = FindBattleQueueVersion.of(at);
        return readYourWrites.shows(new FindBattleQueueVersion(learnerId), Long.class,
                        applied -> applied != null && applied >= version, "battle queue of learner " + learnerId)
                .thenApply(shown -> null);
    }

    /** Challenges the learner of that username; completes with the new battle's id. */
    public CompletableFuture<String> challenge(String learnerId, String opponentUsername) {
        if (opponentUsername == null || opponentUsername.isBlank()) {
            throw Rejection.invalid("missing-opponent", "'opponent' is required: the username of the learner to challenge.");
        }
        String opponentId = accounts.findByUsername(opponentUsername.strip())
                .orElseThrow(() -> Rejection.notFound("unknown-opponent",
                        "There is no learner with the username '" + opponentUsername.strip() + "'."))
                .learnerId();
        if (opponentId.equals(learnerId)) {
            throw Rejection.invalid("cannot-battle-yourself", "You cannot battle yourself; name another learner.");
        }
        String challengeId = queries.query(new FindBattleChallenge(learnerId, opponentId), String.class).join();
        if (challengeId == null) {
            throw new Rejection(Rejection.Kind.UNAVAILABLE, "no-battle-challenge", "No challenge to battle on",
                    "There is no challenge in the catalog to battle on yet; try again later.", 60L);
        }
        String battleId = UUID.randomUUID().toString();
        return commands.send(new RequestBattle(battleId, learnerId, opponentId, challengeId, clock.instant()))
                .thenCompose(done -> readYourWrites.battleShows(battleId, 0))
                .thenApply(shown -> battleId);
    }

    public CompletableFuture<Void> accept(String learnerId, String battleId) {
        return shown(battleId, commands.send(new AcceptBattle(battleId, learnerId, clock.instant())));
    }

    public CompletableFuture<Void> decline(String learnerId, String battleId) {
        return shown(battleId, commands.send(new DeclineBattle(battleId, learnerId, clock.instant())));
    }

    public CompletableFuture<Void> forfeit(String learnerId, String battleId) {
        return shown(battleId, commands.send(new ForfeitBattle(battleId, learnerId, clock.instant())));
    }

    /**
     * Submits code in a battle: checked like any submission, then let through by the Battle (a
     * player, while it runs), then taken by the Learner (its limits). When the Learner refuses, the
     * Battle is told to stop waiting for a verdict. Completes with the submission's id.
     */
    public CompletableFuture<String> submit(String learnerId, String battleId, String code) {
        intake.check(code);
        String submissionId = UUID.randomUUID().toString();
        return this.<String>unknownBattle(battleId, commands.send(new SubmitBattleCode(battleId, learnerId, submissionId,
                        clock.instant())))
                .thenCompose(challengeId -> intake.submitToBattle(learnerId, submissionId, challengeId, code, battleId)
                        .whenComplete((id, refused) -> {
                            if (refused != null) {
                                commands.send(new DropBattleSubmission(battleId, submissionId));
                            }
                        }));
    }

    private CompletableFuture<Void> shown(String battleId, CompletableFuture<Long> sent) {
        return unknownBattle(battleId, sent).thenCompose(version -> readYourWrites.battleShows(battleId, version));
    }

    /** A battle id that names no battle is the caller's mistake: 404 {@code unknown-battle}. */
    private <T> CompletableFuture<T> unknownBattle(String battleId, CompletableFuture<T> sent) {
        return sent.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException) {
                return CompletableFuture.failedFuture(Rejection.notFound("unknown-battle",
                        "There is no battle '" + battleId + "'."));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }
}

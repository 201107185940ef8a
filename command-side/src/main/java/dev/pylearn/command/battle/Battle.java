package dev.pylearn.command.battle;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.AcceptBattle;
import dev.pylearn.api.battle.BattleAccepted;
import dev.pylearn.api.battle.BattleCodeSubmitted;
import dev.pylearn.api.battle.BattleDeclined;
import dev.pylearn.api.battle.BattleDrawn;
import dev.pylearn.api.battle.BattleEnded;
import dev.pylearn.api.battle.BattleExpired;
import dev.pylearn.api.battle.BattleForfeited;
import dev.pylearn.api.battle.BattleMatched;
import dev.pylearn.api.battle.BattleRequested;
import dev.pylearn.api.battle.BattleStarted;
import dev.pylearn.api.battle.BattleSubmissionDropped;
import dev.pylearn.api.battle.BattleSubmissionJudged;
import dev.pylearn.api.battle.BattleWon;
import dev.pylearn.api.battle.DeclineBattle;
import dev.pylearn.api.battle.DropBattleSubmission;
import dev.pylearn.api.battle.ForfeitBattle;
import dev.pylearn.api.battle.MatchBattle;
import dev.pylearn.api.battle.RecordBattleJudgement;
import dev.pylearn.api.battle.RequestBattle;
import dev.pylearn.api.battle.SubmitBattleCode;
import dev.pylearn.command.catalog.ChallengeRules;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One battle between two learners, from challenge or match to its end. It decides everything that
 * concerns the battle alone: who may accept, submit or forfeit, which judged submission wins, what
 * the time limit decides. Its two deadlines (acceptance, time limit) are scheduled with the
 * deadline manager, which stores them in PostgreSQL (db-scheduler): they survive restarts and fire
 * on one node. "Nobody in two battles" spans battles, so it is the {@link BattleSeats}' rule, taken
 * in the same transaction as the events. Deadlines are not canceled when a battle ends early: a
 * deadline that finds its battle over does nothing, and canceling would make db-scheduler scan
 * every scheduled deadline.
 */
@Aggregate
public class Battle {

    static final String ACCEPTANCE = "battle-acceptance";
    static final String TIME_LIMIT = "battle-time-limit";

    /** What a deadline carries: the battle it is for (db-scheduler stores it serialized). */
    public record Deadline(String battleId) {
    }

    enum Status { REQUESTED, ACTIVE, ENDED }

    /** One player's progress as the rules need it (equality by value, as Axon's fixtures compare state). */
    static final class Player {
        int bestPassed;
        Instant bestSubmittedAt;

        @Override
        public boolean equals(Object other) {
            return other instanceof Player player && player.bestPassed == bestPassed
                    && java.util.Objects.equals(player.bestSubmittedAt, bestSubmittedAt);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(bestPassed, bestSubmittedAt);
        }
    }

    /** A submission not judged or dropped yet: whose, and when it was submitted. */
    record Pending(String learnerId, Instant submittedAt) {
    }

    @AggregateIdentifier
    private String battleId;
    private String challengerId;
    private String opponentId;
    private String challengeId;
    private Status status;
    private Instant acceptBy;
    private Instant endsAt;
    private boolean accepted;
    private boolean expired;
    private final Map<String, Player> players = new HashMap<>();
    private final Map<String, Pending> pending = new HashMap<>();

    protected Battle() {
        // for Axon
    }

    @CommandHandler
    public Battle(RequestBattle command, BattleSeats seats, BattleSettings settings, ChallengeRules rules,
                  DeadlineManager deadlines) {
        refuseSelf(command.challengerId(), command.opponentId());
        int tests = testsOf(rules, command.challengeId());
        seats.claim(command.battleId(), command.challengerId(), command.opponentId());
        Instant acceptBy = command.at().plus(settings.acceptance());
        apply(new BattleRequested(command.battleId(), command.challengerId(), command.opponentId(),
                command.challengeId(), tests, acceptBy, command.at()));
        deadlines.schedule(acceptBy, ACCEPTANCE, new Deadline(command.battleId()));
    }

    /** Also called by the matchmaker, inside its own command, through the repository. */
    @CommandHandler
    public Battle(MatchBattle command, BattleSeats seats, BattleSettings settings, ChallengeRules rules,
                  DeadlineManager deadlines) {
        refuseSelf(command.learnerA(), command.learnerB());
        int tests = testsOf(rules, command.challengeId());
        seats.claim(command.battleId(), command.learnerA(), command.learnerB());
        apply(new BattleMatched(command.battleId(), command.learnerA(), command.learnerB(), command.challengeId(),
                tests, command.at()));
        // a constructor's events reach the handlers only after it returns: the ids come from the command
        start(command.battleId(), command.learnerA(), command.learnerB(), command.challengeId(), command.at(), settings,
                deadlines);
    }

    @CommandHandler
    public long handle(AcceptBattle command, BattleSettings settings, DeadlineManager deadlines) {
        refuseUnlessPending(command.learnerId(), command.at());
        apply(new BattleAccepted(battleId, command.learnerId(), command.at()));
        start(battleId, challengerId, opponentId, challengeId, command.at(), settings, deadlines);
        return version();
    }

    @CommandHandler
    public long handle(DeclineBattle command, BattleSeats seats) {
        refuseUnlessPending(command.learnerId(), command.at());
        apply(new BattleDeclined(battleId, command.learnerId(), command.at()));
        seats.release(battleId);
        return version();
    }

    /** Answers with the battle's challenge, which the submission is for. */
    @CommandHandler
    public String handle(SubmitBattleCode command) {
        refuseUnlessRunning(command.learnerId(), command.at());
        apply(new BattleCodeSubmitted(battleId, command.learnerId(), command.submissionId(), command.at()));
        return challengeId;
    }

    @CommandHandler
    public void handle(DropBattleSubmission command) {
        Pending submission = pending.get(command.submissionId());
        if (submission != null) {
            apply(new BattleSubmissionDropped(battleId, submission.learnerId(), command.submissionId()));
        }
    }

    /**
     * A verdict for one of this battle's submissions, once. While the battle runs, the first one that
     * passes every test wins it; a verdict that comes after the end is recorded and decides nothing.
     */
    @CommandHandler
    public void handle(RecordBattleJudgement command, BattleSeats seats) {
        Pending submission = pending.get(command.submissionId());
        if (submission == null) {
            return;
        }
        String learner = submission.learnerId();
        apply(new BattleSubmissionJudged(battleId, learner, command.submissionId(), command.passed(),
                command.allPassed(), command.at()));
        if (status == Status.ACTIVE && command.allPassed()) {
            apply(new BattleWon(battleId, learner, other(learner), "all-tests-passed", command.at()));
            seats.release(battleId);
        }
    }

    @CommandHandler
    public long handle(ForfeitBattle command, BattleSeats seats) {
        refuseUnlessRunning(command.learnerId(), null);
        apply(new BattleForfeited(battleId, command.learnerId(), other(command.learnerId()), command.at()));
        seats.release(battleId);
        return version();
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE)
    void acceptanceOver(Deadline deadline, BattleSeats seats) {
        if (status == Status.REQUESTED) {
            apply(new BattleExpired(battleId, acceptBy));
            seats.release(battleId);
        }
    }

    /** Most tests passed wins, then the earlier submission that passed them; otherwise a draw. */
    @DeadlineHandler(deadlineName = TIME_LIMIT)
    void timeUp(Deadline deadline, BattleSeats seats) {
        if (status != Status.ACTIVE) {
            return;
        }
        Player a = players.get(challengerId);
        Player b = players.get(opponentId);
        String winner = null;
        if (a.bestPassed != b.bestPassed) {
            winner = a.bestPassed > b.bestPassed ? challengerId : opponentId;
        } else if (a.bestPassed > 0 && !a.bestSubmittedAt.equals(b.bestSubmittedAt)) {
            winner = a.bestSubmittedAt.isBefore(b.bestSubmittedAt) ? challengerId : opponentId;
        }
        if (winner == null) {
            apply(new BattleDrawn(battleId, challengerId, opponentId, endsAt));
        } else {
            apply(new BattleWon(battleId, winner, other(winner), "time-limit", endsAt));
        }
        seats.release(battleId);
    }

    private static void start(String battleId, String a, String b, String challengeId, Instant at,
                              BattleSettings settings, DeadlineManager deadlines) {
        Instant ends = at.plus(settings.timeLimit());
        apply(new BattleStarted(battleId, a, b, challengeId, ends, at));
        deadlines.schedule(ends, TIME_LIMIT, new Deadline(battleId));
    }

    /** Only the challenged learner answers, and only while the challenge stands. */
    private void refuseUnlessPending(String learnerId, Instant at) {
        if (!learnerId.equals(opponentId)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-challenged", "Not your challenge",
                    "Only the challenged learner can accept or decline this battle.");
        }
        if (status == Status.REQUESTED && at.isBefore(acceptBy)) {
            return;
        }
        if (expired || (status == Status.REQUESTED && !at.isBefore(acceptBy))) {
            throw new Rejection(Rejection.Kind.CONFLICT, "battle-expired", "Challenge expired",
                    "The challenge was not accepted in time; it can no longer be accepted or declined.");
        }
        throw new Rejection(Rejection.Kind.CONFLICT, accepted ? "battle-already-accepted" : "battle-not-pending",
                accepted ? "Already accepted" : "Not pending",
                accepted ? "This challenge was already accepted." : "This battle is no longer waiting for an answer.");
    }

    /** {@code at}: the time to check against the limit, or null when an answer just before the deadline is fine. */
    private void refuseUnlessRunning(String learnerId, Instant at) {
        if (!players.containsKey(learnerId)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-in-battle", "Not in this battle",
                    "You are not a player in this battle.");
        }
        if (status == Status.REQUESTED) {
            throw new Rejection(Rejection.Kind.CONFLICT, "battle-not-started", "Battle not started",
                    "The battle has not started yet: the challenge is still waiting to be accepted.");
        }
        if (status == Status.ENDED || (at != null && !at.isBefore(endsAt))) {
            throw new Rejection(Rejection.Kind.CONFLICT, "battle-ended", "Battle ended", "This battle has ended.");
        }
    }

    private String other(String learnerId) {
        return learnerId.equals(challengerId) ? opponentId : challengerId;
    }

    private static void refuseSelf(String a, String b) {
        if (a.equals(b)) {
            throw Rejection.invalid("cannot-battle-yourself", "You cannot battle yourself; name another learner.");
        }
    }

    private static int testsOf(ChallengeRules rules, String challengeId) {
        return rules.find(challengeId)
                .orElseThrow(() -> Rejection.notFound("unknown-challenge", "There is no challenge '" + challengeId + "'."))
                .tests().size();
    }

    private static long version() {
        Long version = AggregateLifecycle.getVersion();
        return version == null ? -1 : version;
    }

    @EventSourcingHandler
    void on(BattleRequested event) {
        battleId = event.battleId();
        challengerId = event.challengerId();
        opponentId = event.opponentId();
        challengeId = event.challengeId();
        acceptBy = event.acceptBy();
        status = Status.REQUESTED;
        players.put(challengerId, new Player());
        players.put(opponentId, new Player());
    }

    @EventSourcingHandler
    void on(BattleMatched event) {
        battleId = event.battleId();
        challengerId = event.learnerA();
        opponentId = event.learnerB();
        challengeId = event.challengeId();
        players.put(challengerId, new Player());
        players.put(opponentId, new Player());
    }

    @EventSourcingHandler
    void on(BattleAccepted event) {
        accepted = true;
    }

    @EventSourcingHandler
    void on(BattleStarted event) {
        status = Status.ACTIVE;
        endsAt = event.endsAt();
    }

    @EventSourcingHandler
    void on(BattleCodeSubmitted event) {
        pending.put(event.submissionId(), new Pending(event.learnerId(), event.submittedAt()));
    }

    @EventSourcingHandler
    void on(BattleSubmissionDropped event) {
        pending.remove(event.submissionId());
    }

    @EventSourcingHandler
    void on(BattleSubmissionJudged event) {
        Pending submission = pending.remove(event.submissionId());
        Player player = players.get(event.learnerId());
        Instant submittedAt = submission == null ? event.judgedAt() : submission.submittedAt();
        if (event.passed() > player.bestPassed) {
            player.bestPassed = event.passed();
            player.bestSubmittedAt = submittedAt;
        }
    }

    @EventSourcingHandler
    void on(BattleEnded event) {
        status = Status.ENDED;
        expired = event instanceof BattleExpired;
    }
}

package dev.pylearn.query.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.BattleHistoryView;
import dev.pylearn.api.battle.BattleRatingView;
import dev.pylearn.api.battle.BattleView;
import dev.pylearn.api.battle.CurrentBattleView;
import dev.pylearn.api.battle.FindBattle;
import dev.pylearn.api.battle.FindBattleLeaderboard;
import dev.pylearn.api.battle.FindCurrentBattle;
import dev.pylearn.api.battle.FindMyBattles;
import dev.pylearn.query.web.LiveStreams;
import dev.pylearn.query.web.Queries;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;

/** Battle reads over JSON, and the live stream both players follow. */
@RestController
class BattleReadController {

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final Queries queries;
    private final BattleWatches watches;

    BattleReadController(Queries queries, BattleWatches watches) {
        this.queries = queries;
        this.watches = watches;
    }

    @GetMapping("/api/battles/{battleId}")
    BattleView battle(@PathVariable String battleId, Principal me) {
        return readable(battleId, me.getName());
    }

    /** The caller's pending or running battle and queue state (both null fields when neither). */
    @GetMapping("/api/battles/current")
    CurrentBattleView current(Principal me) {
        return queries.one(new FindCurrentBattle(me.getName()), CurrentBattleView.class).orElseThrow();
    }

    @GetMapping("/api/me/battles")
    BattleHistoryView history(@RequestParam(required = false) String cursor,
                              @RequestParam(defaultValue = "20") int limit, Principal me) {
        return queries.one(new FindMyBattles(me.getName(), cursor, limit), BattleHistoryView.class).orElseThrow();
    }

    @GetMapping("/api/battles/leaderboard")
    List<BattleRatingView> leaderboard(@RequestParam(defaultValue = "20") int limit) {
        return queries.many(new FindBattleLeaderboard(limit), BattleRatingView.class);
    }

    /**
     * Server-sent events named {@code battle}: the battle as the caller sees it now, then on every
     * change (opponent joined, submitting, tests passed; the end, with both codes), until it ends.
     */
    @GetMapping(path = "/api/battles/{battleId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable String battleId, Principal me) throws IOException {
        BattleView first = readable(battleId, me.getName());
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        emitter.send(SseEmitter.event().name("battle").data(first, MediaType.APPLICATION_JSON));
        if (!first.open()) {
            emitter.complete();
            return emitter;
        }
        Disposable subscription = watches.changes(battleId, me.getName(), first.version())
                .take(STREAM_TIMEOUT)
                .subscribe(view -> LiveStreams.sendOrEnd(emitter,
                                SseEmitter.event().name("battle").data(view, MediaType.APPLICATION_JSON)),
                        error -> emitter.complete(), emitter::complete);
        emitter.onCompletion(subscription::dispose);
        emitter.onTimeout(subscription::dispose);
        emitter.onError(e -> subscription.dispose());
        return emitter;
    }

    private BattleView readable(String battleId, String viewer) {
        return queries.one(new FindBattle(battleId, viewer), BattleView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-battle", "There is no battle '" + battleId
                        + "' of yours."));
    }
}

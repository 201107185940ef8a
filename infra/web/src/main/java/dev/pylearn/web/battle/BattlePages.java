package dev.pylearn.web.battle;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.battle.BattleHistoryView;
import dev.pylearn.api.battle.BattleRatingView;
import dev.pylearn.api.battle.BattleView;
import dev.pylearn.api.battle.CurrentBattleView;
import dev.pylearn.api.battle.FindBattle;
import dev.pylearn.api.battle.FindBattleLeaderboard;
import dev.pylearn.api.battle.FindCurrentBattle;
import dev.pylearn.api.battle.FindMyBattles;
import dev.pylearn.command.battle.Battles;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The battle pages: the lobby (find an opponent, challenge one, answer a challenge), a battle
 * (statement, code, both players live, the end with both codes), the history and the leaderboard.
 * Each page is one query; every action goes through {@link Battles}, as the JSON API's do, and
 * redirects back once the battle's row shows it. Scripts only enhance: the live state and the
 * lobby's wait for a match; without them a reload shows the same.
 */
@Controller
class BattlePages {

    static final int HISTORY_PAGE = 20;

    private static final Map<String, String> FIELDS = Map.of("missing-opponent", "opponent", "unknown-opponent",
            "opponent", "cannot-battle-yourself", "opponent", "opponent-busy", "opponent", "missing-code", "code",
            "code-too-large", "code");

    private final Queries queries;
    private final Battles battles;

    BattlePages(Queries queries, Battles battles) {
        this.queries = queries;
        this.battles = battles;
    }

    @GetMapping("/battles")
    String lobby(Principal me, Model model) {
        return lobby(me, model, "", FormErrors.NONE);
    }

    @PostMapping("/battles/queue")
    CompletableFuture<String> join(Principal me, HttpServletResponse response, Model model) {
        return act(() -> battles.joinQueue(me.getName()),
                battleId -> battleId == null ? "redirect:/battles" : "redirect:/battles/" + battleId,
                failure -> failed(response, failure, () -> lobby(me, model, "", FormErrors.of(failure, FIELDS))));
    }

    @PostMapping("/battles/queue/leave")
    CompletableFuture<String> leave(Principal me, HttpServletResponse response, Model model) {
        return act(() -> battles.leaveQueue(me.getName()), done -> "redirect:/battles",
                failure -> failed(response, failure, () -> lobby(me, model, "", FormErrors.of(failure, FIELDS))));
    }

    @PostMapping("/battles/challenge")
    CompletableFuture<String> challenge(@RequestParam(defaultValue = "") String opponent, Principal me,
                                        HttpServletResponse response, Model model) {
        return act(() -> battles.challenge(me.getName(), opponent), battleId -> "redirect:/battles/" + battleId,
                failure -> failed(response, failure, () -> lobby(me, model, opponent, FormErrors.of(failure, FIELDS))));
    }

    @GetMapping("/battles/history")
    String history(@RequestParam(required = false) String cursor, Principal me, Model model) {
        model.addAttribute("history", queries.one(new FindMyBattles(me.getName(), cursor, HISTORY_PAGE),
                BattleHistoryView.class).orElseThrow());
        return "battle/history";
    }

    @GetMapping("/battles/leaderboard")
    String leaderboard(Principal me, Model model) {
        model.addAttribute("ratings", queries.many(new FindBattleLeaderboard(50), BattleRatingView.class));
        model.addAttribute("me", me.getName());
        return "battle/leaderboard";
    }

    @GetMapping("/battles/{battleId}")
    String battle(@PathVariable String battleId, Principal me, Model model) {
        return battle(battleId, me, model, "", FormErrors.NONE);
    }

    @PostMapping("/battles/{battleId}/accept")
    CompletableFuture<String> accept(@PathVariable String battleId, Principal me, HttpServletResponse response,
                                     Model model) {
        return onBattle(battleId, () -> battles.accept(me.getName(), battleId), me, response, model, "");
    }

    @PostMapping("/battles/{battleId}/decline")
    CompletableFuture<String> decline(@PathVariable String battleId, Principal me, HttpServletResponse response,
                                      Model model) {
        return onBattle(battleId, () -> battles.decline(me.getName(), battleId), me, response, model, "");
    }

    @PostMapping("/battles/{battleId}/forfeit")
    CompletableFuture<String> forfeit(@PathVariable String battleId, Principal me, HttpServletResponse response,
                                      Model model) {
        return onBattle(battleId, () -> battles.forfeit(me.getName(), battleId), me, response, model, "");
    }

    @PostMapping("/battles/{battleId}/submissions")
    CompletableFuture<String> submit(@PathVariable String battleId, @RequestParam(defaultValue = "") String code,
                                     Principal me, HttpServletResponse response, Model model) {
        return onBattle(battleId, () -> battles.submit(me.getName(), battleId, code), me, response, model, code);
    }

    private CompletableFuture<String> onBattle(String battleId, Supplier<CompletableFuture<?>> action, Principal me,
                                               HttpServletResponse response, Model model, String code) {
        return act(() -> action.get().thenApply(done -> (Object) done), done -> "redirect:" + UriComponentsBuilder.fromPath("/battles/{id}")
                        .buildAndExpand(battleId).encode().toUriString(),
                failure -> failed(response, failure, () -> battle(battleId, me, model, code,
                        FormErrors.of(failure, FIELDS))));
    }

    private String lobby(Principal me, Model model, String opponent, FormErrors errors) {
        model.addAttribute("current", queries.one(new FindCurrentBattle(me.getName()), CurrentBattleView.class)
                .orElseThrow());
        model.addAttribute("opponent", opponent);
        model.addAttribute("errors", errors);
        return "battle/lobby";
    }

    private String battle(String battleId, Principal me, Model model, String code, FormErrors errors) {
        BattleView battle = queries.one(new FindBattle(battleId, me.getName()), BattleView.class)
                .orElseThrow(() -> Rejection.notFound("unknown-battle", "There is no battle '" + battleId
                        + "' of yours."));
        model.addAttribute("battle", battle);
        model.addAttribute("code", code.isEmpty() ? starter(battle) : code);
        model.addAttribute("errors", errors);
        return "battle/battle";
    }

    private static String starter(BattleView battle) {
        if (battle.you().code() != null) {
            return battle.you().code();
        }
        return battle.starterCode() == null ? "" : battle.starterCode();
    }

    /** Runs an action; a refusal thrown at once is handled like one that fails the future. */
    private static <T> CompletableFuture<String> act(Supplier<CompletableFuture<T>> action,
                                                     java.util.function.Function<T, String> done,
                                                     java.util.function.Function<Throwable, String> refused) {
        CompletableFuture<T> running;
        try {
            running = action.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.handle((value, failure) -> failure == null ? done.apply(value) : refused.apply(failure));
    }

    /** The page again, with the refusal's status and its message beside the field it concerns. */
    private static String failed(HttpServletResponse response, Throwable failure, Supplier<String> page) {
        Rejection rejection = FormErrors.rejection(failure);
        response.setStatus(rejection.kind().status());
        return page.get();
    }
}

package dev.pylearn.command.battle;

import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Battle commands over JSON; every rule and message is {@link Battles}'. Reads are the query side's. */
@RestController
class BattleController {

    record ChallengeRequest(String opponent) {
    }

    record CodeRequest(String code) {
    }

    record BattleResponse(String battleId, String status) {
    }

    record SubmitResponse(String submissionId, String status) {
    }

    private final Battles battles;

    BattleController(Battles battles) {
        this.battles = battles;
    }

    /** 201 with the battle when an opponent was waiting, else 202: waiting (follow GET /api/battles/current). */
    @PostMapping("/api/battles/queue")
    CompletableFuture<ResponseEntity<BattleResponse>> join(Principal me) {
        return battles.joinQueue(me.getName()).thenApply(battleId -> battleId == null
                ? ResponseEntity.accepted().body(new BattleResponse(null, "waiting"))
                : ResponseEntity.created(URI.create("/api/battles/" + battleId))
                        .body(new BattleResponse(battleId, "active")));
    }

    @DeleteMapping("/api/battles/queue")
    CompletableFuture<ResponseEntity<Void>> leave(Principal me) {
        return battles.leaveQueue(me.getName()).thenApply(done -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/battles")
    CompletableFuture<ResponseEntity<BattleResponse>> challenge(@RequestBody ChallengeRequest request, Principal me) {
        return battles.challenge(me.getName(), request.opponent())
                .thenApply(battleId -> ResponseEntity.created(URI.create("/api/battles/" + battleId))
                        .body(new BattleResponse(battleId, "requested")));
    }

    @PostMapping("/api/battles/{battleId}/accept")
    CompletableFuture<Map<String, String>> accept(@PathVariable String battleId, Principal me) {
        return battles.accept(me.getName(), battleId).thenApply(done -> Map.of("battleId", battleId, "status", "active"));
    }

    @PostMapping("/api/battles/{battleId}/decline")
    CompletableFuture<Map<String, String>> decline(@PathVariable String battleId, Principal me) {
        return battles.decline(me.getName(), battleId)
                .thenApply(done -> Map.of("battleId", battleId, "status", "declined"));
    }

    @PostMapping("/api/battles/{battleId}/forfeit")
    CompletableFuture<Map<String, String>> forfeit(@PathVariable String battleId, Principal me) {
        return battles.forfeit(me.getName(), battleId)
                .thenApply(done -> Map.of("battleId", battleId, "status", "forfeited"));
    }

    @PostMapping("/api/battles/{battleId}/submissions")
    CompletableFuture<ResponseEntity<SubmitResponse>> submit(@PathVariable String battleId,
                                                             @RequestBody CodeRequest request, Principal me) {
        return battles.submit(me.getName(), battleId, request.code())
                .thenApply(submissionId -> ResponseEntity.accepted()
                        .location(URI.create("/api/submissions/" + submissionId))
                        .body(new SubmitResponse(submissionId, "queued")));
    }
}

package dev.pylearn.command.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.ChatChange;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The chat's command API: join rooms, send messages, block, mark read; admins hide messages and unhide them. */
@RestController
class ChatController {

    record MessageRequest(String text) {
    }

    record ReadRequest(Long seq) {
    }

    record ReasonRequest(String reason) {
    }

    private final ChatWrites writes;

    ChatController(ChatWrites writes) {
        this.writes = writes;
    }

    @PostMapping("/api/chat/rooms/{trackId}/members")
    CompletableFuture<Map<String, String>> join(@PathVariable String trackId, Principal me) {
        return writes.join(me.getName(), trackId).thenApply(room -> Map.of("conversationId", room));
    }

    @PostMapping("/api/chat/direct/{learnerId}/messages")
    CompletableFuture<ResponseEntity<ChatChange>> sendDirect(@PathVariable String learnerId,
                                                             @RequestBody MessageRequest request, Principal me) {
        return writes.sendDirect(me.getName(), learnerId, request.text()).thenApply(ChatController::created);
    }

    @PostMapping("/api/chat/conversations/{conversationId}/messages")
    CompletableFuture<ResponseEntity<ChatChange>> send(@PathVariable String conversationId,
                                                       @RequestBody MessageRequest request, Principal me) {
        return writes.send(me.getName(), conversationId, request.text()).thenApply(ChatController::created);
    }

    @PutMapping("/api/chat/blocks/{learnerId}")
    CompletableFuture<ResponseEntity<Void>> block(@PathVariable String learnerId, Principal me) {
        return writes.block(me.getName(), learnerId).thenApply(change -> ResponseEntity.noContent().build());
    }

    @DeleteMapping("/api/chat/blocks/{learnerId}")
    CompletableFuture<ResponseEntity<Void>> unblock(@PathVariable String learnerId, Principal me) {
        return writes.unblock(me.getName(), learnerId).thenApply(change -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/chat/conversations/{conversationId}/read")
    ResponseEntity<Void> read(@PathVariable String conversationId, @RequestBody ReadRequest request, Principal me) {
        if (request.seq() == null) {
            throw Rejection.invalid("invalid-seq", "'seq' is required: the number of the last message read.");
        }
        writes.markRead(me.getName(), conversationId, request.seq());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/admin/chat/conversations/{conversationId}/messages/{seq}/hide")
    CompletableFuture<ResponseEntity<Void>> hide(@PathVariable String conversationId, @PathVariable long seq,
                                                 @RequestBody ReasonRequest request, Principal me) {
        return writes.hide(me.getName(), conversationId, seq, request.reason())
                .thenApply(change -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/admin/chat/conversations/{conversationId}/messages/{seq}/unhide")
    CompletableFuture<ResponseEntity<Void>> unhide(@PathVariable String conversationId, @PathVariable long seq,
                                                   @RequestBody ReasonRequest request, Principal me) {
        return writes.unhide(me.getName(), conversationId, seq, request.reason())
                .thenApply(change -> ResponseEntity.noContent().build());
    }

    private static ResponseEntity<ChatChange> created(ChatChange change) {
        return ResponseEntity.created(URI.create("/api/chat/conversations/" + change.conversationId() + "/messages"))
                .body(change);
    }
}

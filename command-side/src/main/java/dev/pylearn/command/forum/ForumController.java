package dev.pylearn.command.forum;

import dev.pylearn.api.Rejection;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The forum's command API: threads and posts for learners, categories and moderation for admins. */
@RestController
class ForumController {

    record CategoryRequest(String categoryId, String title, String description) {
    }

    record ThreadRequest(String title, String body) {
    }

    record PostRequest(String body) {
    }

    record ReasonRequest(String reason) {
    }

    record SuspensionRequest(String until, String reason) {
    }

    record Written(String threadId, String postId) {
    }

    private final ForumWrites writes;

    ForumController(ForumWrites writes) {
        this.writes = writes;
    }

    @PostMapping("/api/admin/forum/categories")
    CompletableFuture<ResponseEntity<CategoryRequest>> createCategory(@RequestBody CategoryRequest request, Principal me) {
        return writes.createCategory(me.getName(), request.categoryId(), request.title(), request.description())
                .thenApply(id -> ResponseEntity.created(URI.create("/api/forum/categories/" + id)).body(request));
    }

    @PostMapping("/api/forum/categories/{categoryId}/threads")
    CompletableFuture<ResponseEntity<Written>> startThread(@PathVariable String categoryId,
                                                           @RequestBody ThreadRequest request, Principal me) {
        return writes.startThread(me.getName(), categoryId, request.title(), request.body())
                .thenApply(started -> ResponseEntity.created(URI.create("/api/forum/threads/" + started.threadId()))
                        .body(new Written(started.threadId(), started.postId())));
    }

    @PostMapping("/api/forum/threads/{threadId}/posts")
    CompletableFuture<ResponseEntity<Written>> reply(@PathVariable String threadId, @RequestBody PostRequest request,
                                                     Principal me) {
        return writes.reply(me.getName(), threadId, request.body())
                .thenApply(postId -> ResponseEntity.created(URI.create("/api/forum/threads/" + threadId))
                        .body(new Written(threadId, postId)));
    }

    @PutMapping("/api/forum/posts/{postId}")
    CompletableFuture<Written> edit(@PathVariable String postId, @RequestBody PostRequest request, Principal me) {
        return writes.edit(me.getName(), postId, request.body()).thenApply(change -> new Written(null, postId));
    }

    @DeleteMapping("/api/forum/posts/{postId}")
    CompletableFuture<ResponseEntity<Void>> delete(@PathVariable String postId, Principal me) {
        return writes.delete(me.getName(), postId).thenApply(change -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/admin/forum/posts/{postId}/hide")
    CompletableFuture<ResponseEntity<Void>> hide(@PathVariable String postId, @RequestBody ReasonRequest request,
                                                 Principal me) {
        return writes.hide(me.getName(), postId, request.reason()).thenApply(change -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/admin/forum/threads/{threadId}/lock")
    CompletableFuture<ResponseEntity<Void>> lock(@PathVariable String threadId, @RequestBody ReasonRequest request,
                                                 Principal me) {
        return writes.lock(me.getName(), threadId, request.reason()).thenApply(change -> ResponseEntity.noContent().build());
    }

    @PostMapping("/api/admin/forum/posts/{postId}/unhide")
    CompletableFuture<ResponseEntity<Void>> unhide(@PathVariable String postId, @RequestBody ReasonRequest request,
                                                   Principal me) {
        return done(writes.unhide(me.getName(), postId, request.reason()));
    }

    @PostMapping("/api/admin/forum/threads/{threadId}/unlock")
    CompletableFuture<ResponseEntity<Void>> unlock(@PathVariable String threadId, @RequestBody ReasonRequest request,
                                                   Principal me) {
        return done(writes.unlock(me.getName(), threadId, request.reason()));
    }

    /** Ends a running suspension early, with a reason (a POST like hide and lock: it carries one). */
    @PostMapping("/api/admin/learners/{learnerId}/forum-suspension/lift")
    CompletableFuture<ResponseEntity<Void>> liftSuspension(@PathVariable String learnerId,
                                                           @RequestBody ReasonRequest request, Principal me) {
        return done(writes.liftSuspension(me.getName(), learnerId, request.reason()));
    }

    @PutMapping("/api/admin/learners/{learnerId}/forum-suspension")
    CompletableFuture<ResponseEntity<Void>> suspend(@PathVariable String learnerId,
                                                    @RequestBody SuspensionRequest request, Principal me) {
        return writes.suspend(me.getName(), learnerId, until(request.until()), request.reason())
                .thenApply(result -> ResponseEntity.noContent().build());
    }

    private static CompletableFuture<ResponseEntity<Void>> done(CompletableFuture<?> write) {
        return write.thenApply(result -> ResponseEntity.noContent().build());
    }

    static Instant until(String until) {
        if (until == null) {
            throw Rejection.invalid("invalid-suspension-end", "'until' is required: an ISO-8601 instant in the future.");
        }
        try {
            return Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw Rejection.invalid("invalid-suspension-end", "'until' must be an ISO-8601 instant such as "
                    + "2026-12-01T00:00:00Z.");
        }
    }
}

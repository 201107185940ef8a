package dev.pylearn.command.forum;

import dev.pylearn.api.forum.CreateForumCategory;
import dev.pylearn.api.forum.DeletePost;
import dev.pylearn.api.forum.EditPost;
import dev.pylearn.api.forum.FindForumCategoryVersion;
import dev.pylearn.api.forum.FindForumPostVersion;
import dev.pylearn.api.forum.FindForumThreadVersion;
import dev.pylearn.api.forum.ForumChange;
import dev.pylearn.api.forum.HidePost;
import dev.pylearn.api.forum.LiftForumSuspension;
import dev.pylearn.api.forum.LockThread;
import dev.pylearn.api.forum.StartThread;
import dev.pylearn.api.forum.SuspendFromForum;
import dev.pylearn.api.forum.UnhidePost;
import dev.pylearn.api.forum.UnlockThread;
import dev.pylearn.api.forum.WritePost;
import dev.pylearn.api.learner.LearnerChangeResult;
import dev.pylearn.command.web.ReadYourWrites;
import static dev.pylearn.command.web.UnknownIds.checked;
import static dev.pylearn.command.web.UnknownIds.sent;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

/**
 * The forum's writes for the JSON API and the pages alike (same checks, same problems): sends the
 * command, turns an unknown id into its 404, and completes once the forum's read model shows the
 * change, so the page the writer is sent to next already has it.
 */
@Service
public class ForumWrites {

    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    ForumWrites(CommandGateway commands, ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    /** What a new thread got: its id and its first post's. */
    public record StartedThread(String threadId, String postId) {
    }

    public CompletableFuture<String> createCategory(String adminId, String categoryId, String title, String description) {
        String id = ForumRules.categoryId(categoryId);
        return commands.send(new CreateForumCategory(id, title, description, adminId, clock.instant()))
                .thenCompose(created -> readYourWrites.shows(new FindForumCategoryVersion(id), Long.class,
                        v -> v != null && v >= 0, "forum category " + id))
                .thenApply(shown -> id);
    }

    public CompletableFuture<StartedThread> startThread(String learnerId, String categoryId, String title, String body) {
        String threadId = UUID.randomUUID().toString();
        String postId = UUID.randomUUID().toString();
        checked(categoryId, "unknown-category", "category");
        return sent(() -> commands.<ForumChange>send(new StartThread(categoryId, threadId, postId, learnerId, title, body,
                        clock.instant())), "unknown-category", "There is no category '" + categoryId + "'.")
                .thenCompose(change -> postShows(postId, 0))
                .thenApply(shown -> new StartedThread(threadId, postId));
    }

    public CompletableFuture<String> reply(String learnerId, String threadId, String body) {
        checked(threadId, "unknown-thread", "thread");
        String postId = UUID.randomUUID().toString();
        return sent(() -> commands.<ForumChange>send(new WritePost(threadId, postId, learnerId, body, clock.instant())),
                "unknown-thread", "There is no thread '" + threadId + "'.")
                .thenCompose(change -> postShows(postId, 0))
                .thenApply(shown -> postId);
    }

    public CompletableFuture<ForumChange> edit(String learnerId, String postId, String body) {
        return onPost(postId, () -> commands.send(new EditPost(postId, learnerId, body, clock.instant())));
    }

    public CompletableFuture<ForumChange> delete(String learnerId, String postId) {
        return onPost(postId, () -> commands.send(new DeletePost(postId, learnerId, clock.instant())));
    }

    public CompletableFuture<ForumChange> hide(String adminId, String postId, String reason) {
        return onPost(postId, () -> commands.send(new HidePost(postId, adminId, reason, clock.instant())));
    }

    public CompletableFuture<ForumChange> unhide(String adminId, String postId, String reason) {
        return onPost(postId, () -> commands.send(new UnhidePost(postId, adminId, reason, clock.instant())));
    }

    public CompletableFuture<ForumChange> lock(String adminId, String threadId, String reason) {
        return onThread(threadId, () -> commands.send(new LockThread(threadId, adminId, reason, clock.instant())));
    }

    public CompletableFuture<ForumChange> unlock(String adminId, String threadId, String reason) {
        return onThread(threadId, () -> commands.send(new UnlockThread(threadId, adminId, reason, clock.instant())));
    }

    private CompletableFuture<ForumChange> onThread(String threadId, Supplier<CompletableFuture<ForumChange>> send) {
        checked(threadId, "unknown-thread", "thread");
        return sent(send, "unknown-thread", "There is no thread '" + threadId + "'.")
                .thenCompose(change -> readYourWrites.shows(new FindForumThreadVersion(threadId), Long.class,
                                v -> v != null && v >= change.version(), "forum thread " + threadId)
                        .thenApply(shown -> change));
    }

    public CompletableFuture<LearnerChangeResult> suspend(String adminId, String learnerId, Instant until, String reason) {
        checked(learnerId, "unknown-learner", "learner");
        return sent(() -> commands.<LearnerChangeResult>send(new SuspendFromForum(learnerId, until, reason, adminId,
                clock.instant())), "unknown-learner", "There is no learner '" + learnerId + "'.");
    }

    public CompletableFuture<LearnerChangeResult> liftSuspension(String adminId, String learnerId, String reason) {
        checked(learnerId, "unknown-learner", "learner");
        return sent(() -> commands.<LearnerChangeResult>send(new LiftForumSuspension(learnerId, reason, adminId,
                clock.instant())), "unknown-learner", "There is no learner '" + learnerId + "'.");
    }

    private CompletableFuture<ForumChange> onPost(String postId, Supplier<CompletableFuture<ForumChange>> send) {
        checked(postId, "unknown-post", "post");
        return sent(send, "unknown-post", "There is no post '" + postId + "'.")
                .thenCompose(change -> postShows(postId, change.version()).thenApply(shown -> change));
    }

    private CompletableFuture<Boolean> postShows(String postId, long version) {
        return readYourWrites.shows(new FindForumPostVersion(postId), Long.class, v -> v != null && v >= version,
                "forum post " + postId);
    }
}

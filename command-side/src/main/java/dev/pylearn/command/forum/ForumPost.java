package dev.pylearn.command.forum;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.forum.DeletePost;
import dev.pylearn.api.forum.EditPost;
import dev.pylearn.api.forum.ForumChange;
import dev.pylearn.api.forum.HidePost;
import dev.pylearn.api.forum.PostDeleted;
import dev.pylearn.api.forum.PostEdited;
import dev.pylearn.api.forum.PostHidden;
import dev.pylearn.api.forum.PostUnhidden;
import dev.pylearn.api.forum.UnhidePost;
import dev.pylearn.api.forum.PostWritten;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One post: its author edits or deletes it, an admin hides it. Every text it ever had stays in its
 * events ({@link PostWritten}, {@link PostEdited}); the read model shows the latest.
 */
@Aggregate
public class ForumPost {

    @AggregateIdentifier
    private String postId;
    private String threadId;
    private String authorId;
    private String body;
    private boolean deleted;
    private boolean hidden;

    protected ForumPost() {
        // for Axon
    }

    ForumPost(PostWritten written) {
        apply(written);
    }

    @CommandHandler
    public ForumChange handle(EditPost command, ForumPosting posting) {
        String text = ForumRules.body(command.body());
        mustBeAuthorOfLivePost(command.editorId(), "edit");
        posting.unlocked(threadId, "edited");
        posting.mayEdit(command.editorId(), command.at());
        if (!text.equals(body)) {
            apply(new PostEdited(postId, threadId, text, command.at()));
        }
        return change();
    }

    @CommandHandler
    public ForumChange handle(DeletePost command, ForumPosting posting) {
        mustBeAuthorOfLivePost(command.learnerId(), "delete");
        posting.unlocked(threadId, "deleted");
        apply(new PostDeleted(postId, threadId, command.at()));
        return change();
    }

    @CommandHandler
    public ForumChange handle(HidePost command) {
        String reason = ForumRules.reason(command.reason());
        if (!hidden) {
            apply(new PostHidden(postId, threadId, command.adminId(), reason, command.at()));
        }
        return change();
    }

    /** Undoes a hide; unhiding a post that is not hidden is a 409, not a no-op. */
    @CommandHandler
    public ForumChange handle(UnhidePost command) {
        String reason = ForumRules.reason(command.reason());
        if (!hidden) {
            throw new Rejection(Rejection.Kind.CONFLICT, "post-not-hidden", "Post not hidden",
                    "This post is not hidden; there is nothing to unhide.");
        }
        apply(new PostUnhidden(postId, threadId, command.adminId(), reason, command.at()));
        return change();
    }

    private void mustBeAuthorOfLivePost(String learnerId, String what) {
        if (!authorId.equals(learnerId)) {
            throw new Rejection(Rejection.Kind.FORBIDDEN, "not-your-post", "Not your post",
                    "Only the author of a post may " + what + " it.");
        }
        if (deleted) {
            throw new Rejection(Rejection.Kind.CONFLICT, "post-deleted", "Post deleted",
                    "This post was deleted; it cannot be changed any more.");
        }
        if (hidden) {
            throw new Rejection(Rejection.Kind.CONFLICT, "post-hidden", "Post hidden",
                    "This post was hidden by a moderator; it cannot be changed any more.");
        }
    }

    private ForumChange change() {
        return new ForumChange(postId, AggregateLifecycle.getVersion());
    }

    @EventSourcingHandler
    void on(PostWritten event) {
        postId = event.postId();
        threadId = event.threadId();
        authorId = event.authorId();
        body = event.body();
    }

    @EventSourcingHandler
    void on(PostEdited event) {
        body = event.body();
    }

    @EventSourcingHandler
    void on(PostDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(PostHidden event) {
        hidden = true;
    }

    @EventSourcingHandler
    void on(PostUnhidden event) {
        hidden = false;
    }
}

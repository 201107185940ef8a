package dev.pylearn.command.forum;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.forum.CreateForumCategory;
import dev.pylearn.api.forum.ForumCategoryCreated;
import dev.pylearn.api.forum.ForumChange;
import dev.pylearn.api.forum.PostWritten;
import dev.pylearn.api.forum.StartThread;
import dev.pylearn.api.forum.ThreadStarted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A forum category, created by an admin. New threads are started through it, so a thread can only be
 * started in a category that exists (an unknown one is 404 before anything is stored); the thread and
 * its first post are aggregates of their own, so the category's stream stays one event long and
 * threads started at once never contend on it.
 */
@Aggregate
public class ForumCategory {

    @AggregateIdentifier
    private String categoryId;

    protected ForumCategory() {
        // for Axon
    }

    /** Creating an existing category is 409 {@code category-exists}, not a second stream. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateForumCategory command) {
        if (categoryId != null) {
            throw new dev.pylearn.api.Rejection(dev.pylearn.api.Rejection.Kind.CONFLICT, "category-exists",
                    "Category exists", "A category '" + categoryId + "' exists already.");
        }
        String id = ForumRules.categoryId(command.categoryId());
        String title = ForumRules.title(command.title());
        String description = command.description() == null ? "" : command.description().strip();
        if (description.length() > ForumRules.MAX_REASON) {
            throw dev.pylearn.api.Rejection.invalid("invalid-description",
                    "A description may have at most " + ForumRules.MAX_REASON + " characters.");
        }
        apply(new ForumCategoryCreated(id, title, description, command.createdBy(), command.at()));
    }

    @CommandHandler
    public ForumChange handle(StartThread command, ForumPosting posting) throws Exception {
        String title = ForumRules.title(command.title());
        String body = ForumRules.body(command.body());
        posting.mayPost(command.authorId(), command.at());
        ThreadStarted started = new ThreadStarted(command.threadId(), categoryId, "category", null, title,
                command.authorId(), command.at());
        AggregateLifecycle.createNew(ForumThread.class, () -> new ForumThread(started));
        PostWritten first = new PostWritten(command.postId(), command.threadId(), command.authorId(), body,
                command.at());
        AggregateLifecycle.createNew(ForumPost.class, () -> new ForumPost(first));
        return new ForumChange(command.postId(), 0);
    }

    @EventSourcingHandler
    void on(ForumCategoryCreated event) {
        categoryId = event.categoryId();
    }
}

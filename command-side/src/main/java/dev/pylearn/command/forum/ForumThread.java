package dev.pylearn.command.forum;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.forum.ForumChange;
import dev.pylearn.api.forum.LockThread;
import dev.pylearn.api.forum.PostWritten;
import dev.pylearn.api.forum.ThreadLocked;
import dev.pylearn.api.forum.ThreadStarted;
import dev.pylearn.api.forum.ThreadUnlocked;
import dev.pylearn.api.forum.UnlockThread;
import dev.pylearn.api.forum.WritePost;
import dev.pylearn.command.catalog.ChallengeRules;
import dev.pylearn.command.catalog.LessonRules;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A thread: its title and whether it takes replies. Posts are aggregates of their own
 * ({@link ForumPost}), created from here once the thread has agreed: a busy thread's replies then
 * never contend on one stream, and editing one post loads that post's few events, not the thread's.
 * <p>
 * Every lesson and challenge has a discussion thread, {@code lesson-<id>} / {@code challenge-<id>}; it
 * comes into being with its first reply, for a lesson or challenge that exists.
 */
@Aggregate
public class ForumThread {

    static final String LESSON = "lesson-";
    static final String CHALLENGE = "challenge-";

    @AggregateIdentifier
    private String threadId;
    private boolean locked;
    private String lockReason;

    protected ForumThread() {
        // for Axon
    }

    ForumThread(ThreadStarted started) {
        apply(started);
    }

    /** The discussion thread of a lesson or challenge. */
    public static String discussionOf(String subjectKind, String subjectId) {
        return ("lesson".equals(subjectKind) ? LESSON : CHALLENGE) + subjectId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public ForumChange handle(WritePost command, ForumPosting posting, LessonRules lessons, ChallengeRules challenges)
            throws Exception {
        String body = ForumRules.body(command.body());
        if (threadId == null) {
            ThreadStarted discussion = discussion(command, lessons, challenges);
            posting.mayPost(command.authorId(), command.at());
            apply(discussion);
        } else {
            if (locked) {
                throw new Rejection(Rejection.Kind.CONFLICT, "thread-locked", "Thread locked",
                        "This thread is locked and takes no more replies: " + lockReason);
            }
            posting.mayPost(command.authorId(), command.at());
        }
        PostWritten written = new PostWritten(command.postId(), command.threadId(), command.authorId(), body,
                command.at());
        AggregateLifecycle.createNew(ForumPost.class, () -> new ForumPost(written));
        return new ForumChange(command.postId(), 0);
    }

    @CommandHandler
    public ForumChange handle(LockThread command, ForumPosting posting) {
        String reason = ForumRules.reason(command.reason());
        if (!locked) {
            posting.lock(threadId, reason);
            apply(new ThreadLocked(threadId, command.adminId(), reason, command.at()));
        }
        return new ForumChange(threadId, AggregateLifecycle.getVersion());
    }

    /** Undoes a lock; unlocking a thread that is not locked is a mistake worth saying (409), not a no-op. */
    @CommandHandler
    public ForumChange handle(UnlockThread command, ForumPosting posting) {
        String reason = ForumRules.reason(command.reason());
        if (!locked) {
            throw new Rejection(Rejection.Kind.CONFLICT, "thread-not-locked", "Thread not locked",
                    "This thread is not locked; there is nothing to unlock.");
        }
        posting.unlock(threadId);
        apply(new ThreadUnlocked(threadId, command.adminId(), reason, command.at()));
        return new ForumChange(threadId, AggregateLifecycle.getVersion());
    }

    private static ThreadStarted discussion(WritePost command, LessonRules lessons, ChallengeRules challenges) {
        String id = command.threadId();
        if (id != null && id.startsWith(LESSON) && lessons.find(id.substring(LESSON.length())).isPresent()) {
            String lessonId = id.substring(LESSON.length());
            return new ThreadStarted(id, null, "lesson", lessonId, "Lesson: " + lessonId, null, command.at());
        }
        if (id != null && id.startsWith(CHALLENGE) && challenges.find(id.substring(CHALLENGE.length())).isPresent()) {
            String challengeId = id.substring(CHALLENGE.length());
            return new ThreadStarted(id, null, "challenge", challengeId, "Challenge: " + challengeId, null,
                    command.at());
        }
        throw Rejection.notFound("unknown-thread", "There is no thread '" + id + "'.");
    }

    @EventSourcingHandler
    void on(ThreadStarted event) {
        threadId = event.threadId();
    }

    @EventSourcingHandler
    void on(ThreadLocked event) {
        locked = true;
        lockReason = event.reason();
    }

    @EventSourcingHandler
    void on(ThreadUnlocked event) {
        locked = false;
        lockReason = null;
    }
}

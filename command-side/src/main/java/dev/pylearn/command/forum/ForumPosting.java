package dev.pylearn.command.forum;

import dev.pylearn.api.Rejection;
import dev.pylearn.command.account.ThrottleStore;
import io.github.bucket4j.BucketConfiguration;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a learner may post now, asked by the thread before a post is written: not while an admin's
 * suspension runs ({@code forum_suspension}, written with the suspension's event, so it is never
 * behind it), and at most {@code pylearn.forum.posts-per-minute} posts a minute (a Bucket4j bucket per
 * learner, shared by every node through Redis when it is configured, like the sign-in limits).
 */
@Component
public class ForumPosting implements DisposableBean {

    private final JdbcClient jdbc;
    private final ThrottleStore store;
    private final BucketConfiguration perMinute;
    private final int postsPerMinute;

    ForumPosting(JdbcClient jdbc, @Value("${pylearn.redis.url:}") String redisUrl,
                 @Value("${pylearn.cache.key-prefix:pylearn:}") String keyPrefix,
                 @Value("${pylearn.forum.posts-per-minute:10}") int postsPerMinute) {
        this.jdbc = jdbc;
        this.store = ThrottleStore.of(redisUrl, keyPrefix);
        this.postsPerMinute = postsPerMinute;
        this.perMinute = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(postsPerMinute).refillGreedy(postsPerMinute, Duration.ofMinutes(1)))
                .build();
    }

    /** Throws 403 {@code forum-suspended} (with the admin's reason and the end) or 429 {@code too-many-posts}. */
    public void mayPost(String learnerId, Instant at) {
        notSuspended(learnerId, at, "post");
        long waitNanos = store.consume("forum-post:" + learnerId, perMinute);
        if (waitNanos > 0) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-posts", "Too many posts",
                    "At most " + postsPerMinute + " posts a minute; try again in " + wait + " s.", wait);
        }
    }

    /** Throws 403 {@code forum-suspended} while an admin's suspension runs: editing is writing too. */
    public void mayEdit(String learnerId, Instant at) {
        notSuspended(learnerId, at, "edit posts");
    }

    private void notSuspended(String learnerId, Instant at, String what) {
        jdbc.sql("SELECT until, reason FROM forum_suspension WHERE learner_id = ? AND until > ?")
                .params(learnerId, Timestamp.from(at))
                .query((rs, n) -> new Rejection(Rejection.Kind.FORBIDDEN, "forum-suspended", "Suspended from posting",
                        "You may not " + what + " until " + rs.getTimestamp(1).toInstant() + ". Reason: "
                                + rs.getString(2)))
                .optional()
                .ifPresent(refusal -> {
                    throw refusal;
                });
    }

    /**
     * Ends a suspension that still runs at {@code at}, in the command's transaction (the Learner's
     * {@code LiftForumSuspension}); false when there is none to end.
     */
    public boolean lift(String learnerId, Instant at) {
        return jdbc.sql("DELETE FROM forum_suspension WHERE learner_id = ? AND until > ?")
                .params(learnerId, Timestamp.from(at))
                .update() > 0;
    }

    /** Records that a thread is locked, in the command's transaction (the thread's {@code LockThread}). */
    public void lock(String threadId, String reason) {
        jdbc.sql("""
                        INSERT INTO forum_thread_lock (thread_id, reason) VALUES (?, ?)
                        ON CONFLICT (thread_id) DO UPDATE SET reason = excluded.reason""")
                .params(threadId, reason)
                .update();
    }

    /** Records that a thread takes replies again (the thread's {@code UnlockThread}). */
    public void unlock(String threadId) {
        jdbc.sql("DELETE FROM forum_thread_lock WHERE thread_id = ?").param(threadId).update();
    }

    /**
     * Throws 409 {@code thread-locked} when the post's thread is locked: a locked thread's posts stay as
     * they were when it was locked, so the author may neither edit nor delete one.
     */
    public void unlocked(String threadId, String what) {
        jdbc.sql("SELECT reason FROM forum_thread_lock WHERE thread_id = ?")
                .param(threadId)
                .query((rs, n) -> new Rejection(Rejection.Kind.CONFLICT, "thread-locked", "Thread locked",
                        "This thread is locked; its posts cannot be " + what + ": " + rs.getString(1)))
                .optional()
                .ifPresent(refusal -> {
                    throw refusal;
                });
    }

    /** Records a suspension in the command's transaction (the Learner's {@code SuspendFromForum}). */
    public void suspend(String learnerId, Instant until, String reason) {
        jdbc.sql("""
                        INSERT INTO forum_suspension (learner_id, until, reason) VALUES (?, ?, ?)
                        ON CONFLICT (learner_id) DO UPDATE SET until = excluded.until, reason = excluded.reason""")
                .params(learnerId, Timestamp.from(until), reason)
                .update();
    }

    @Override
    public void destroy() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}

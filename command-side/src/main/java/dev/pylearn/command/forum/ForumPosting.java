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
        jdbc.sql("SELECT until, reason FROM forum_suspension WHERE learner_id = ? AND until > ?")
                .params(learnerId, Timestamp.from(at))
                .query((rs, n) -> new Rejection(Rejection.Kind.FORBIDDEN, "forum-suspended", "Suspended from posting",
                        "You may not post until " + rs.getTimestamp(1).toInstant() + ". Reason: " + rs.getString(2)))
                .optional()
                .ifPresent(refusal -> {
                    throw refusal;
                });
        long waitNanos = store.consume("forum-post:" + learnerId, perMinute);
        if (waitNanos > 0) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-posts", "Too many posts",
                    "At most " + postsPerMinute + " posts a minute; try again in " + wait + " s.", wait);
        }
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

package dev.pylearn.command.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.command.account.ThrottleStore;
import dev.pylearn.command.forum.ForumRules;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a conversation asks outside itself: whether a track or a learner exists (the command side's own
 * tables, {@code lesson_rule} and {@code account}), message length, and the per-learner message rate
 * ({@code pylearn.chat.messages-per-minute}, a Bucket4j bucket shared by every node through Redis when
 * it is configured).
 */
@Component
public class ChatRules implements DisposableBean {

    static final String ROOM = "room-";
    static final String DIRECT = "dm-";

    private final JdbcClient jdbc;
    private final ThrottleStore store;
    private final BucketConfiguration perMinute;
    private final int messagesPerMinute;
    private final int maxLength;

    ChatRules(JdbcClient jdbc, @Value("${pylearn.redis.url:}") String redisUrl,
              @Value("${pylearn.cache.key-prefix:pylearn:}") String keyPrefix,
              @Value("${pylearn.chat.messages-per-minute:30}") int messagesPerMinute,
              @Value("${pylearn.chat.max-length:2000}") int maxLength) {
        this.jdbc = jdbc;
        this.store = ThrottleStore.of(redisUrl, keyPrefix);
        this.messagesPerMinute = messagesPerMinute;
        this.maxLength = maxLength;
        this.perMinute = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(messagesPerMinute).refillGreedy(messagesPerMinute, Duration.ofMinutes(1)))
                .build();
    }

    /** The direct conversation of two learners: one id whoever starts it. */
    public static String directId(String a, String b) {
        return a.compareTo(b) < 0 ? DIRECT + a + "_" + b : DIRECT + b + "_" + a;
    }

    public static String roomId(String trackId) {
        return ROOM + trackId;
    }

    boolean trackExists(String trackId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM lesson_rule WHERE track_id = ?)").param(trackId)
                .query(Boolean.class).single();
    }

    boolean learnerExists(String learnerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account WHERE learner_id = ?)").param(learnerId)
                .query(Boolean.class).single();
    }

    /** The message text, or 400 {@code empty-message} / 413 {@code message-too-long} / 400 {@code invalid-characters}. */
    String text(String text) {
        if (text == null || text.isBlank()) {
            throw Rejection.invalid("empty-message", "A message needs some text.");
        }
        String stripped = ForumRules.plain(text).strip();
        if (stripped.length() > maxLength) {
            throw new Rejection(Rejection.Kind.TOO_LARGE, "message-too-long", "Message too long",
                    "A message may have at most " + maxLength + " characters; this one has " + stripped.length() + ".");
        }
        return stripped;
    }

    /** 429 {@code too-many-messages} beyond the learner's rate. */
    void mayWrite(String learnerId) {
        long waitNanos = store.consume("chat:" + learnerId, perMinute);
        if (waitNanos > 0) {
            long wait = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-messages", "Too many messages",
                    "At most " + messagesPerMinute + " messages a minute; try again in " + wait + " s.", wait);
        }
    }

    @Override
    public void destroy() throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}

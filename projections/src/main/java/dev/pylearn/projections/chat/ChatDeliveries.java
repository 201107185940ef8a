package dev.pylearn.projections.chat;

import dev.pylearn.api.chat.ChatMessageView;
import dev.pylearn.projections.support.AfterCommit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes a committed message to every node: published on the Redis channel {@code <prefix>chat} when
 * Redis is configured (each node's listener container hands it to the streams of its connected
 * members), else, on the single node of the embedded default, as an application event. A message
 * whose push is lost (Redis down for a moment) is not lost to its members: their clients find it by
 * number when they reconnect or reload.
 */
@Component
public class ChatDeliveries {

    public static final String CHANNEL = "chat";
    private static final Logger log = LoggerFactory.getLogger(ChatDeliveries.class);

    private final StringRedisTemplate redis;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final String channel;
    private final Timer published;

    ChatDeliveries(ObjectProvider<StringRedisTemplate> redis, ApplicationEventPublisher events, JsonMapper json,
                   MeterRegistry meters, @Value("${pylearn.redis.url:}") String redisUrl,
                   @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix) {
        this.redis = redisUrl.isBlank() ? null : redis.getIfAvailable();
        this.published = Timer.builder("pylearn.chat.published")
                .description("From a message's send request to its push after the chat projection's commit")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
        this.events = events;
        this.json = json;
        this.channel = prefix + CHANNEL;
    }

    void afterCommit(ChatMessageView message) {
        AfterCommit.run(() -> push(message));
    }

    private void push(ChatMessageView message) {
        if (message.messageId() != null && message.unhideReason() == null) {
            published.record(Duration.between(message.at(), Instant.now()));
        }
        if (redis == null) {
            events.publishEvent(message);
            return;
        }
        try {
            redis.convertAndSend(channel, json.writeValueAsString(message));
        } catch (RuntimeException e) {
            log.warn("Chat message {}#{} not pushed live (members get it when they reconnect): {}",
                    message.conversationId(), message.seq(), e.toString());
        }
    }
}

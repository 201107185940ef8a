package dev.pylearn.query.chat;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.chat.ChatMessageView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live chat streams connected to this node, by conversation. Messages arrive from Spring Data
 * Redis's listener container on the channel the chat projection publishes to (every node receives
 * every message and passes it to its own members' streams), or, without Redis, as application
 * events of this process.
 * <p>
 * Exactly once and in order on screen: a stream is registered before its catch-up is read, messages
 * that arrive during the catch-up wait in the stream's queue, and a message is sent only if its number
 * is above the last one sent; the SSE event id is that number, so a browser that reconnects names it
 * in Last-Event-ID and gets what it missed from the history, and the page drops anything it already
 * shows by number.
 * <p>
 * A learner may hold at most {@code pylearn.chat.streams-per-learner} streams open on this node at once
 * (every tab of every conversation counts); the one beyond is a 429 problem, and a stream that closes
 * (completed, timed out, failed, or ended by the heartbeat noticing the browser left) frees its slot.
 * The count is per node, kept in memory: a learner whose streams land on several nodes may hold that
 * many on each. A shared count (Redis) would have to survive a node dying with its streams counted;
 * the per-node cap is what protects a node's threads and sockets, which is the point.
 */
@Component
class ChatStreams implements DisposableBean, SmartLifecycle {

    /** Live messages queued for one stream before it is ended as not reading. */
    static final int OUTBOX_LIMIT = 1000;

    /** One connected stream of one member. */
    static final class Stream {
        final String learnerId;
        final SseFrame.Emitter emitter;
        private final JsonMapper json;
        private long lastSent;
        private List<Outgoing> waiting = new ArrayList<>();
        /** Live messages on their way to this stream, written by one writer at a time, in their order. */
        private final java.util.concurrent.ConcurrentLinkedQueue<Outgoing> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile boolean ended;

        Stream(String learnerId, SseFrame.Emitter emitter, long lastSeen, JsonMapper json) {
            this.learnerId = learnerId;
            this.emitter = emitter;
            this.json = json;
            this.lastSent = lastSeen;
        }

        /**
         * Queues a live message for this stream and makes sure a writer is on it. A member who stopped
         * reading (more than {@link #OUTBOX_LIMIT} messages queued) has the stream ended: their browser
         * reconnects with Last-Event-ID and catches up from the history, while the others are not held up.
         */
        void enqueue(Outgoing message, java.util.concurrent.Executor writers) {
            if (ended) {
                return;
            }
            if (queued.incrementAndGet() > OUTBOX_LIMIT) {
                end("it fell " + OUTBOX_LIMIT + " messages behind");
                return;
            }
            outbox.add(message);
            schedule(writers);
        }

        private void schedule(java.util.concurrent.Executor writers) {
            if (draining.compareAndSet(false, true)) {
                writers.execute(() -> drain(writers));
            }
        }

        /**
         * Writes what is queued, all of it with one flush: a stream that fell behind (a busy moment, a
         * slow client) catches up in one write instead of one write and one flush per message.
         */
        private void drain(java.util.concurrent.Executor writers) {
            try {
                List<Outgoing> pending = new ArrayList<>();
                Outgoing next;
                while ((next = outbox.poll()) != null) {
                    queued.decrementAndGet();
                    pending.add(next);
                }
                if (!pending.isEmpty() && !ended) {
                    try {
                        deliver(pending);
                    } catch (IOException | IllegalStateException e) {
                        end(e);
                    }
                }
            } finally {
                draining.set(false);
            }
            if (!outbox.isEmpty()) {
                schedule(writers); // arrived between the last poll and the flag's release
            }
        }

        /**
         * Ends the stream; the browser reconnects with Last-Event-ID and catches up. Completed, not
         * completed with an error: the response is under way (200, text/event-stream), so no error can
         * reach the client any more, and Spring 7 sends an error given to the emitter through the
         * exception handlers, which logged an unexpected failure and then a warning that its problem
         * document could not be written as an event stream.
         */
        void end(Object why) {
            ended = true;
            outbox.clear();
            log.debug("Chat stream ended: {}", why);
            try {
                emitter.complete();
            } catch (RuntimeException alreadyEnded) {
                // completed before
            }
        }

        /** The number of the last message sent (or seen before connecting). */
        synchronized long lastSent() {
            return lastSent;
        }

        /** Sends a part of the catch-up; live messages keep waiting. */
        synchronized void catchUp(List<ChatMessageView> missed) throws IOException {
            List<Outgoing> messages = new ArrayList<>(missed.size());
            for (ChatMessageView message : missed) {
                messages.add(Outgoing.of(message, null, json));
            }
            write(messages);
        }

        /** Sends whatever arrived during the catch-up, and from then on sends directly. */
        synchronized void caughtUp() throws IOException {
            List<Outgoing> arrived = waiting;
            waiting = null;
            write(arrived);
        }

        synchronized void comment(String text) throws IOException {
            emitter.send(SseFrame.comment(text));
        }

        synchronized void deliver(List<Outgoing> messages) throws IOException {
            if (waiting != null) {
                waiting.addAll(messages);
            } else {
                write(messages);
            }
        }

        /** The frames of these messages that this stream has not had yet, written with one flush. */
        private void write(List<Outgoing> messages) throws IOException {
            Set<ResponseBodyEmitter.DataWithMediaType> frames = new java.util.LinkedHashSet<>();
            for (Outgoing message : messages) {
                SseFrame frame = frameFor(message);
                if (frame != null) {
                    frames.add(new ResponseBodyEmitter.DataWithMediaType(frame, SseFrame.EVENT_STREAM));
                }
            }
            if (!frames.isEmpty()) {
                emitter.send(frames);
            }
        }

        /** What to write for a message, or null when this stream has had it already. */
        private SseFrame frameFor(Outgoing outgoing) {
            ChatMessageView message = outgoing.view();
            if (message.hidden() && message.messageId() == null) {
                // a moderator hid an earlier message: an update, not a new one
                return message.seq() <= lastSent ? outgoing.hidden() : null;
            }
            if (message.unhideReason() != null && message.seq() <= lastSent) {
                // a moderator showed an earlier message again: an update too
                return outgoing.shown();
            }
            if (message.seq() <= lastSent) {
                return null;
            }
            lastSent = message.seq();
            return outgoing.message();
        }
    }

    /**
     * A message on its way to the streams, its JSON text as it came from Redis (else serialized once) and
     * its frames encoded once ({@link SseFrame}): written as they are to every stream rather than
     * serialized and encoded again for each of a room's members.
     */
    static final class Outgoing {

        private final ChatMessageView view;
        private final String json;
        private SseFrame message;
        private SseFrame hidden;
        private SseFrame shown;

        private Outgoing(ChatMessageView view, String json) {
            this.view = view;
            this.json = json;
        }

        static Outgoing of(ChatMessageView view, String json, JsonMapper mapper) {
            return new Outgoing(view, json != null ? json : mapper.writeValueAsString(view));
        }

        ChatMessageView view() {
            return view;
        }

        /** A new message: its number is the event's id, which a reconnecting browser names. */
        synchronized SseFrame message() {
            if (message == null) {
                message = SseFrame.event(Long.toString(view.seq()), "message", json);
            }
            return message;
        }

        synchronized SseFrame hidden() {
            if (hidden == null) {
                hidden = SseFrame.event(null, "hidden", json);
            }
            return hidden;
        }

        synchronized SseFrame shown() {
            if (shown == null) {
                shown = SseFrame.event(null, "shown", json);
            }
            return shown;
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ChatStreams.class);

    private final Map<String, Set<Stream>> byConversation = new ConcurrentHashMap<>();
    /** Open streams per learner on this node; an entry goes when its count does. */
    private final Map<String, Integer> openByLearner = new ConcurrentHashMap<>();
    private final int streamsPerLearner;
    private final JsonMapper json;
    private final RedisConnectionFactory factory;
    private final ChannelTopic channel;
    private final Timer received;
    private volatile RedisMessageListenerContainer container;
    /**
     * Hands the channel's messages to the streams' outboxes one at a time, in the order Redis delivered them. The
     * listener container's default runs each message on a new thread, so two messages sent close together
     * could reach a stream in the wrong order, and the later one's number then made the stream drop the
     * earlier as already sent: a message lost on screen until the next reconnect.
     */
    private final java.util.concurrent.ExecutorService dispatch = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-dispatch");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Write the queued messages to the streams, several streams at once (a room of a thousand members
     * is a thousand writes per message: one thread fell seconds behind at 20 messages a second), each
     * stream by one writer at a time so its order holds. A stream whose client does not read blocks
     * only the writer on it, for as long as the socket's write waits.
     */
    private final java.util.concurrent.ExecutorService writers = Executors.newFixedThreadPool(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), new ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable runnable) {
                    Thread thread = new Thread(runnable, "chat-writer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }
            });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "chat-heartbeat");
        thread.setDaemon(true);
        return thread;
    });

    ChatStreams(JsonMapper json, ObjectProvider<RedisConnectionFactory> redis,
                @Value("${pylearn.redis.url:}") String redisUrl,
                @Value("${pylearn.cache.key-prefix:pylearn:}") String prefix,
                @Value("${pylearn.chat.heartbeat:20s}") Duration heartbeatInterval,
                @Value("${pylearn.chat.streams-per-learner:5}") int streamsPerLearner,
                MeterRegistry meters) {
        this.json = json;
        this.received = Timer.builder("pylearn.chat.received")
                .description("From a message's send request to this node's receipt of it from Redis, before its streams")
                .publishPercentiles(0.5, 0.95, 0.99).register(meters);
        this.streamsPerLearner = streamsPerLearner;
        this.factory = redisUrl.isBlank() ? null : redis.getIfAvailable();
        this.channel = new ChannelTopic(prefix + "chat");
        if (factory != null) {
            listen();
        }
        // a comment now and then: a browser that went away is noticed and proxies do not cut a quiet stream
        heartbeat.scheduleAtFixedRate(this::heartbeat, heartbeatInterval.toMillis(), heartbeatInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Subscribes to the channel; a Redis that does not answer at start-up is tried again every second
     * with a new container (a container whose first subscription failed counts as started and never
     * tries again), and the application starts regardless: members get what they missed when they
     * reconnect. Once subscribed, the container itself resubscribes after an outage.
     */
    private void listen() {
        RedisMessageListenerContainer attempt = new RedisMessageListenerContainer();
        attempt.setConnectionFactory(factory);
        attempt.setRecoveryInterval(1000);
        attempt.setTaskExecutor(dispatch::execute);
        // subscribing (and resubscribing after an outage) on threads of its own, never on the dispatch
        // thread: the container would otherwise use the task executor for it too
        attempt.setSubscriptionExecutor(new org.springframework.core.task.SimpleAsyncTaskExecutor("chat-subscription-"));
        attempt.addMessageListener((message, pattern) -> {
            String text = new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
            ChatMessageView view = json.readValue(text, ChatMessageView.class);
            if (view.messageId() != null && view.unhideReason() == null) {
                received.record(Duration.between(view.at(), Instant.now()));
            }
            deliver(Outgoing.of(view, text, json));
        }, channel);
        try {
            attempt.afterPropertiesSet();
            attempt.start();
            container = attempt;
        } catch (RuntimeException e) {
            log.warn("Chat: not subscribed to Redis yet ({}); trying again in 1 s", e.toString());
            try {
                attempt.destroy();
            } catch (Exception ignored) {
                // it never listened
            }
            heartbeat.schedule(this::listen, 1, TimeUnit.SECONDS);
        }
    }

    /** Opens a stream, or throws 429 {@code too-many-chat-streams} when the learner holds the most already. */
    Stream open(String conversationId, String learnerId, long lastSeen) {
        boolean[] admitted = new boolean[1];
        openByLearner.compute(learnerId, (id, open) -> {
            int count = open == null ? 0 : open;
            admitted[0] = count < streamsPerLearner;
            return admitted[0] ? count + 1 : open;
        });
        if (!admitted[0]) {
            throw new Rejection(Rejection.Kind.TOO_MANY, "too-many-chat-streams", "Too many chat streams",
                    "At most " + streamsPerLearner + " live chat streams may be open at once; close another tab or "
                            + "conversation first.", 5L);
        }
        SseFrame.Emitter emitter = new SseFrame.Emitter();
        Stream stream = new Stream(learnerId, emitter, lastSeen, json);
        Set<Stream> streams = byConversation.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet());
        streams.add(stream);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            // completion, timeout and error may each call this: the slot is freed once
            if (closed.compareAndSet(false, true)) {
                streams.remove(stream);
                byConversation.computeIfPresent(conversationId, (id, set) -> set.isEmpty() ? null : set);
                openByLearner.computeIfPresent(learnerId, (id, open) -> open <= 1 ? null : open - 1);
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        return stream;
    }

    /** Without Redis: the projection's application event on this single node. */
    @EventListener
    void onLocal(ChatMessageView message) {
        if (factory == null) {
            deliver(Outgoing.of(message, null, json));
        }
    }

    private void deliver(Outgoing message) {
        Set<Stream> streams = byConversation.get(message.view().conversationId());
        if (streams == null) {
            return;
        }
        for (Stream stream : streams) {
            stream.enqueue(message, writers);
        }
    }

    private void heartbeat() {
        for (Set<Stream> streams : byConversation.values()) {
            for (Stream stream : streams) {
                try {
                    stream.comment("keep-alive");
                } catch (IOException | IllegalStateException e) {
                    stream.end(e);
                }
            }
        }
    }

    private volatile boolean running;

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Ends every open stream before the web server's graceful shutdown, which would otherwise wait its
     * whole timeout for these never-ending requests; browsers reconnect to another node with
     * Last-Event-ID and miss nothing.
     */
    @Override
    public void stop() {
        running = false;
        for (Set<Stream> streams : byConversation.values()) {
            for (Stream stream : streams) {
                stream.emitter.complete();
            }
        }
    }

    @Override
    public void destroy() throws Exception {
        heartbeat.shutdownNow();
        dispatch.shutdownNow();
        writers.shutdownNow();
        RedisMessageListenerContainer listening = container;
        if (listening != null) {
            listening.destroy();
        }
    }
}

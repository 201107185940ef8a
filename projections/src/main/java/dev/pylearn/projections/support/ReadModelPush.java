package dev.pylearn.projections.support;

import dev.pylearn.api.battle.FindBattleQueueVersion;
import dev.pylearn.api.battle.FindBattleVersion;
import dev.pylearn.api.chat.FindChatLastSeq;
import dev.pylearn.api.chat.FindChatMembership;
import dev.pylearn.api.forum.FindForumCategoryVersion;
import dev.pylearn.api.forum.FindForumPostVersion;
import dev.pylearn.api.forum.FindForumThreadVersion;
import dev.pylearn.api.achievement.FindAchievementProgressVersion;
import dev.pylearn.api.progress.FindDashboardVersion;
import dev.pylearn.api.submission.FindSubmissionStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What a projection's committed batch tells every node: the read-model versions it reached (which
 * release the read-your-writes waits of {@code ReadYourWrites}, on whichever node the command was
 * answered) and the cache keys it evicted (which every node drops from its near cache).
 * <p>
 * One PostgreSQL NOTIFY per batch on {@link #CHANNEL}, sent after the batch committed: its evictions
 * first, then its versions, so that on every node a near cache has dropped a key before a wait for
 * the write that changed it is released. On the node that ran the batch the caches were evicted in
 * the commit phase already and the versions are emitted to its own subscription queries at once;
 * every node (this one ignores its own message) applies the same in {@link #receive}. Why PostgreSQL
 * and not Redis pub/sub: it is there in every deployment, the embedded one too, and the events
 * themselves already reach the nodes this way.
 * <p>
 * Format, one line per item, tab-separated: {@code N sender}, {@code E cache key}, {@code C cache}
 * (every key of the cache), {@code R query key value}. A payload longer than PostgreSQL's 8,000 bytes
 * is split into several notifications.
 */
@Component
public class ReadModelPush {

    public static final String CHANNEL = "pylearn_read_models";
    /** More keys than this of one cache in one batch (a replay) clear the other nodes' near cache instead. */
    static final int MAX_KEYS_PER_CACHE = 64;
    private static final int MAX_PAYLOAD_BYTES = 7_900;
    private static final Logger log = LoggerFactory.getLogger(ReadModelPush.class);
    private static final ThreadLocal<Boolean> BATCHED = new ThreadLocal<>();

    /**
     * The queries whose versions travel, by name: each has one key (a learner, submission, battle, thread,
     * post or conversation id; a conversation and a learner id for a membership).
     */
    private static final Map<String, Function<String, Object>> QUERIES = Map.of(
            FindDashboardVersion.class.getSimpleName(), FindDashboardVersion::new,
            FindAchievementProgressVersion.class.getSimpleName(), FindAchievementProgressVersion::new,
            FindSubmissionStatus.class.getSimpleName(), FindSubmissionStatus::new,
            FindBattleVersion.class.getSimpleName(), FindBattleVersion::new,
            FindBattleQueueVersion.class.getSimpleName(), FindBattleQueueVersion::new,
            FindForumCategoryVersion.class.getSimpleName(), FindForumCategoryVersion::new,
            FindForumThreadVersion.class.getSimpleName(), FindForumThreadVersion::new,
            FindForumPostVersion.class.getSimpleName(), FindForumPostVersion::new,
            FindChatLastSeq.class.getSimpleName(), FindChatLastSeq::new,
            FindChatMembership.class.getSimpleName(), FindChatMembership::ofKey);
    private static final Map<Class<?>, Function<Object, String>> KEYS = Map.of(
            FindDashboardVersion.class, query -> ((FindDashboardVersion) query).learnerId(),
            FindAchievementProgressVersion.class, query -> ((FindAchievementProgressVersion) query).learnerId(),
            FindSubmissionStatus.class, query -> ((FindSubmissionStatus) query).submissionId(),
            FindBattleVersion.class, query -> ((FindBattleVersion) query).battleId(),
            FindBattleQueueVersion.class, query -> ((FindBattleQueueVersion) query).learnerId(),
            FindForumCategoryVersion.class, query -> ((FindForumCategoryVersion) query).categoryId(),
            FindForumThreadVersion.class, query -> ((FindForumThreadVersion) query).threadId(),
            FindForumPostVersion.class, query -> ((FindForumPostVersion) query).postId(),
            FindChatLastSeq.class, query -> ((FindChatLastSeq) query).conversationId(),
            FindChatMembership.class, query -> ((FindChatMembership) query).key());

    /** This node's near caches, which a message from another node invalidates. */
    public interface LocalCaches {

        void evictLocally(String cache, String key);

        void clearLocally(String cache);

        /** Notifications may have been missed: every cache of this node forgets what it holds. */
        void clearAllLocally();
    }

    private final JdbcTemplate jdbc;
    private final QueryUpdateEmitter updates;
    private final ObjectProvider<LocalCaches> localCaches;
    private final String sender = UUID.randomUUID().toString();

    @Autowired
    public ReadModelPush(JdbcTemplate jdbc, QueryUpdateEmitter updates, ObjectProvider<LocalCaches> localCaches) {
        this.jdbc = jdbc;
        this.updates = updates;
        this.localCaches = localCaches;
    }

    private ReadModelPush() {
        this.jdbc = null;
        this.updates = null;
        this.localCaches = null;
    }

    /** Pushes nothing: a new version of a read model, built beside the serving one, tells nobody. */
    public static ReadModelPush disabled() {
        return new ReadModelPush();
    }

    /**
     * True while a batch's evictions run: the caches then leave telling the other nodes to this
     * batch's one message.
     */
    public static boolean isBatched() {
        return Boolean.TRUE.equals(BATCHED.get());
    }

    /** Runs the batch's evictions; they reach the other nodes with the batch's message. */
    public static void batched(Runnable evictions) {
        BATCHED.set(Boolean.TRUE);
        try {
            evictions.run();
        } finally {
            BATCHED.remove();
        }
    }

    /**
     * The query's read model shows {@code value} once the current batch commits: subscription
     * queries of every node hear it then (at once without a unit of work).
     */
    public void reached(Object query, Object value) {
        if (jdbc == null) {
            return;
        }
        if (!KEYS.containsKey(query.getClass()) || !(value instanceof Long || value instanceof String)) {
            throw new IllegalArgumentException("Not a pushed query: " + query);
        }
        Pending pending = pending();
        pending.reached.add(new Reached(query, value));
        flushOutsideBatch(pending);
    }

    /** The batch evicted these keys (evicted here already): the other nodes' near caches drop them too. */
    public void evicted(Map<String, Set<String>> keysByCache) {
        if (jdbc == null) {
            return;
        }
        Pending pending = pending();
        keysByCache.forEach((cache, keys) -> pending.evicted
                .computeIfAbsent(cache, name -> new java.util.LinkedHashSet<>()).addAll(keys));
        flushOutsideBatch(pending);
    }

    /** Tells the other nodes at once (outside any batch): these near caches are cleared, or keys evicted. */
    public void publishNow(String cache, String key) {
        if (jdbc == null) {
            return;
        }
        send(List.of(key == null ? "C\t" + cache : "E\t" + cache + "\t" + key));
    }

    /** The current batch's, sent once it commits; outside a batch a new one, sent at once. */
    private Pending pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Pending();
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get();
        return unit.getOrComputeResource("read-model-push", name -> {
            Pending batch = new Pending();
            unit.afterCommit(committed -> flush(batch));
            return batch;
        });
    }

    private void flushOutsideBatch(Pending pending) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush(pending);
        }
    }

    private void flush(Pending batch) {
        List<String> lines = new ArrayList<>();
        batch.evicted.forEach((cache, keys) -> {
            if (keys.size() > MAX_KEYS_PER_CACHE) {
                lines.add("C\t" + cache);
            } else {
                keys.forEach(key -> lines.add("E\t" + cache + "\t" + key));
            }
        });
        for (Reached reached : batch.reached) {
            lines.add("R\t" + reached.query.getClass().getSimpleName() + "\t" + KEYS.get(reached.query.getClass()).apply(reached.query) + "\t"
                    + (reached.value instanceof Long ? "L" : "S") + "\t" + reached.value);
        }
        send(lines);
        for (Reached reached : batch.reached) {
            emit(reached.query, reached.value);
        }
    }

    private void send(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        String header = "N\t" + sender;
        StringBuilder payload = new StringBuilder(header);
        try {
            for (String line : lines) {
                if (payload.length() + line.length() + 1 > MAX_PAYLOAD_BYTES) {
                    notify(payload.toString());
                    payload = new StringBuilder(header);
                }
                payload.append('\n').append(line);
            }
            notify(payload.toString());
        } catch (RuntimeException e) {
            // the other nodes' waits fall back to their poll, their near caches to the entries' time-to-live
            log.warn("Could not tell the other nodes of a read-model change: {}", e.getMessage());
        }
    }

    private void notify(String payload) {
        jdbc.query("SELECT pg_notify(?, ?)", rs -> {
        }, CHANNEL, payload);
    }

    /** A message from a node: applies its evictions to this node's near caches, then its versions. */
    public void receive(String payload) {
        if (jdbc == null || payload == null || payload.isEmpty()) {
            return;
        }
        String[] lines = payload.split("\n");
        if (!lines[0].startsWith("N\t") || lines[0].substring(2).equals(sender)) {
            return;
        }
        LocalCaches caches = localCaches.getIfAvailable();
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split("\t");
            switch (parts[0]) {
                case "E" -> {
                    if (caches != null && parts.length == 3) {
                        caches.evictLocally(parts[1], parts[2]);
                    }
                }
                case "C" -> {
                    if (caches != null && parts.length == 2) {
                        caches.clearLocally(parts[1]);
                    }
                }
                case "R" -> {
                    Function<String, Object> query = parts.length == 5 ? QUERIES.get(parts[1]) : null;
                    if (query != null) {
                        emit(query.apply(parts[2]), parts[3].equals("L") ? (Object) Long.valueOf(parts[4]) : parts[4]);
                    }
                }
                default -> {
                    // a line of a newer node's format: ignored
                }
            }
        }
    }

    private void emit(Object query, Object value) {
        updates.emit(query.getClass(), candidate -> candidate.equals(query), value);
    }

    private record Reached(Object query, Object value) {
    }

    private static final class Pending {
        final Map<String, Set<String>> evicted = new java.util.LinkedHashMap<>();
        final List<Reached> reached = new ArrayList<>();
    }
}

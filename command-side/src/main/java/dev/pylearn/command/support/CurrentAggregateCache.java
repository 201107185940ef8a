package dev.pylearn.command.support;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Aggregates this node holds in memory between their commands, so a command need not read the latest
 * snapshot and the events after it and deserialize and apply them: Axon's caching repository
 * ({@code @Aggregate(cache = ...)}) keeps the aggregate after each command and drops it when a command
 * rolls back. Used for learners (a snapshot every 100 events, 50 read on average) and conversations
 * (a busy room is one aggregate every message of it goes through).
 * <p>
 * An entry is used only while it is current: on each load the aggregate's last sequence number in the
 * store is read (one index-only lookup of the (aggregate, sequence) key) and an entry of another version
 * (another node appended meanwhile) is dropped, and the aggregate is loaded from the store as without a
 * cache. So a command decides on what the store holds, also on several nodes, including the commands
 * that answer without an event (a lesson already completed, an unchanged name); the append's
 * (aggregate, sequence) key still refuses a concurrent writer as before.
 * <p>
 * Bounded (at most {@code size} aggregates, each dropped after {@code idle} without a command). Entry
 * listeners are not offered: Axon's repositories do not register any.
 */
public final class CurrentAggregateCache implements Cache {

    /** Axon keeps the version of a cached aggregate private; read here, once per load. */
    private static final Field VERSION;

    static {
        try {
            VERSION = AggregateCacheEntry.class.getDeclaredField("version");
            VERSION.setAccessible(true);
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final ObjectProvider<EventStore> store;

    public CurrentAggregateCache(long size, Duration idle, ObjectProvider<EventStore> store) {
        this.entries = Caffeine.newBuilder().maximumSize(size).expireAfterAccess(idle).build();
        this.store = store;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        Long stored = store.getObject().lastSequenceNumberFor(key.toString()).orElse(null);
        if (!(entry instanceof AggregateCacheEntry<?> cached) || !Objects.equals(version(cached), stored)) {
            entries.invalidate(key);
            return null;
        }
        return (V) entry;
    }

    private static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, k -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the aggregate cache has no entry listeners");
    }
}

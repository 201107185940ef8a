package dev.pylearn.command.catalog;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The catalog's rules (lessons, achievements) as the Learner reads them on every command, held in
 * memory: they change only when the catalog is published, and reading them was a statement (with a
 * sub-select per row) in every command. {@link CatalogRulesUpdater} says so in the changing transaction:
 * this node drops what it holds once it commits, and a NOTIFY on {@link #CHANNEL}, delivered with that
 * commit, makes every other node drop theirs (infra's PostgresSignals calls {@link #clear}, also while
 * it cannot listen, every fallback tick). Only rules that exist are held, so unknown ids asked for by
 * anyone do not fill memory.
 */
@Component
public class CatalogRulesCache {

    public static final String CHANNEL = "pylearn_catalog_rules";

    private final Map<String, Object> entries = new ConcurrentHashMap<>();
    /** Raised by every {@link #clear}: a value read before it is not kept after it. */
    private long generation;

    /** The value held under {@code key}, else what {@code load} reads (kept when present). */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(String key, Supplier<Optional<T>> load) {
        Object held = entries.get(key);
        if (held != null) {
            return Optional.of((T) held);
        }
        long before;
        synchronized (this) {
            before = generation;
        }
        Optional<T> loaded = load.get();
        loaded.ifPresent(value -> {
            synchronized (this) {
                if (generation == before) {
                    entries.put(key, value);
                }
            }
        });
        return loaded;
    }

    /** Drops every rule held (the catalog changed, or its changes may have gone unheard). */
    public void clear() {
        synchronized (this) {
            generation++;
            entries.clear();
        }
    }

    /**
     * Rules change in the current transaction: every node is told when it commits (a NOTIFY is held
     * back until then), and this node drops its own rules right after the commit.
     */
    void changing(JdbcClient jdbc) {
        jdbc.sql("SELECT pg_notify(?, '')").param(CHANNEL).query((rs, n) -> 1).list();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    clear();
                }
            });
        } else {
            clear();
        }
    }
}

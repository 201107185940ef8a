package dev.pylearn.command.account;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sign-in limits in Redis, so that every node counts the same attempts: Bucket4j's Lettuce
 * integration for the buckets (compare-and-swap, keys expire once a bucket is full again), and
 * INCR / SET PX for the failure counters and the delays they impose. When Redis does not answer,
 * the node falls back to its own in-process limits (still a limit, only per node) rather than
 * refusing everyone or letting everyone through.
 */
final class RedisThrottleStore implements ThrottleStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisThrottleStore.class);

    /** The two connections: Bucket4j's (binary values) and the counters'. */
    private record Connections(StatefulRedisConnection<String, byte[]> bucketConnection,
                               StatefulRedisConnection<String, String> connection, ProxyManager<String> buckets) {
    }

    private final RedisClient client;
    private final String prefix;
    private final ThrottleStore fallback = ThrottleStore.local();
    private volatile Connections connections;
    private volatile long lastAttempt;
    private volatile long lastWarning;

    RedisThrottleStore(String url, String prefix) {
        this.client = RedisClient.create(url);
        this.client.setDefaultTimeout(Duration.ofMillis(500));
        this.prefix = prefix + "sign-in:";
    }

    /** Connects on first use, and again at most every 5 s while Redis is away, so start-up never waits for it. */
    private Connections connections() {
        Connections current = connections;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connections == null) {
                long now = System.currentTimeMillis();
                if (now - lastAttempt < 5_000) {
                    throw new IllegalStateException("Redis was not reachable moments ago");
                }
                lastAttempt = now;
                StatefulRedisConnection<String, byte[]> bucketConnection =
                        client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
                ProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(bucketConnection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                Duration.ofSeconds(10)))
                        .build();
                connections = new Connections(bucketConnection, client.connect(), buckets);
            }
            return connections;
        }
    }

    @Override
    public long consume(String key, BucketConfiguration limit) {
        return orLocally(() -> {
            var probe = connections().buckets().getProxy(prefix + "bucket:" + key, () -> limit).tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
        }, () -> fallback.consume(key, limit));
    }

    @Override
    public long blockedMillis(String... keys) {
        return orLocally(() -> {
            RedisCommands<String, String> redis = connections().connection().sync();
            long longest = 0;
            for (String key : keys) {
                longest = Math.max(longest, redis.pttl(prefix + "blocked:" + key));
            }
            return longest;
        }, () -> fallback.blockedMillis(keys));
    }

    @Override
    public void failed(String key, Delay delay) {
        orLocally(() -> {
            RedisCommands<String, String> redis = connections().connection().sync();
            long failures = redis.incr(prefix + "failures:" + key);
            redis.pexpire(prefix + "failures:" + key, delay.window().toMillis());
            long wait = delay.after(failures).toMillis();
            if (wait > 0) {
                redis.set(prefix + "blocked:" + key, "1", SetArgs.Builder.px(wait));
            }
            return null;
        }, () -> {
            fallback.failed(key, delay);
            return null;
        });
    }

    @Override
    public void reset(String key) {
        orLocally(() -> connections().connection().sync().del(prefix + "failures:" + key, prefix + "blocked:" + key), () -> {
            fallback.reset(key);
            return null;
        });
    }

    private <T> T orLocally(Supplier<T> inRedis, Supplier<T> locally) {
        try {
            return inRedis.get();
        } catch (RuntimeException e) {
            long now = System.currentTimeMillis();
            if (now - lastWarning > 60_000) {
                lastWarning = now;
                log.warn("Sign-in limits: Redis does not answer ({}); limiting on this node alone meanwhile",
                        e.getMessage());
            }
            return locally.get();
        }
    }

    @Override
    public void close() {
        Connections current = connections;
        if (current != null) {
            current.connection().close();
            current.bucketConnection().close();
        }
        client.shutdown();
    }
}

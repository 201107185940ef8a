package dev.pylearn.command.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * Where the sign-in limits keep their state: Bucket4j buckets (attempts per address and per
 * account) and failure counters with the delay they impose. {@link #local()} keeps them in this
 * process; {@link RedisThrottleStore} shares them between nodes.
 */
public interface ThrottleStore {

    /** How failures of one key slow it down: free ones, then {@code base} doubling up to {@code max}. */
    record Delay(int free, Duration base, Duration max, Duration window) {

        /** The wait after failure number {@code failures}; zero while it is one of the free ones. */
        Duration after(long failures) {
            if (failures <= free) {
                return Duration.ZERO;
            }
            long doublings = Math.min(failures - free - 1, 30);
            Duration delay = base.multipliedBy(1L << doublings);
            return delay.compareTo(max) > 0 ? max : delay;
        }
    }

    /** Takes one token from the bucket of {@code key}: 0 when taken, else nanoseconds until one is there. */
    long consume(String key, BucketConfiguration limit);

    /** Milliseconds until the first of {@code keys} that is held back by failures may try again; 0 when none is. */
    long blockedMillis(String... keys);

    /** Counts a failure of {@code key}, holding it back as {@code delay} says. */
    void failed(String key, Delay delay);

    /** Forgets the failures of {@code key} (a success). */
    void reset(String key);

    /** Shared by every node through Redis when {@code redisUrl} is set, else in this process (the embedded default). */
    static ThrottleStore of(String redisUrl, String keyPrefix) {
        return redisUrl == null || redisUrl.isBlank() ? local() : new RedisThrottleStore(redisUrl, keyPrefix);
    }

    static ThrottleStore local() {
        return new Local();
    }

    /** In this process: buckets and counters in bounded Caffeine caches. */
    final class Local implements ThrottleStore {

        private static final class Failures {
            long count;
            long blockedUntil;
        }

        private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
        private final Cache<String, Failures> failures = Caffeine.newBuilder()
                .maximumSize(200_000).expireAfterWrite(Duration.ofHours(1)).build();

        @Override
        public long consume(String key, BucketConfiguration limit) {
            Bucket bucket = buckets.get(key, k -> Bucket.builder().addLimit(limit.getBandwidths()[0]).build());
            var probe = bucket.tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
        }

        @Override
        public long blockedMillis(String... keys) {
            long now = System.currentTimeMillis();
            long longest = 0;
            for (String key : keys) {
                Failures held = failures.getIfPresent(key);
                if (held != null) {
                    synchronized (held) {
                        longest = Math.max(longest, held.blockedUntil - now);
                    }
                }
            }
            return longest;
        }

        @Override
        public void failed(String key, Delay delay) {
            Failures held = failures.asMap().compute(key, (k, existing) -> existing == null ? new Failures() : existing);
            synchronized (held) {
                held.count++;
                long wait = delay.after(held.count).toMillis();
                if (wait > 0) {
                    held.blockedUntil = System.currentTimeMillis() + wait;
                }
            }
        }

        @Override
        public void reset(String key) {
            failures.invalidate(key);
        }
    }
}

package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits on log-in, registration and password changes, checked before any password is hashed, so
 * that a flood costs a few cache look-ups per request instead of a hash:
 * <ul>
 * <li>attempts per client address and per account, each a Bucket4j bucket refilled every minute;</li>
 * <li>a growing delay after failures: an account after 5 failed log-ins, an address after 20, must
 * wait 1 s, then 2, 4, ... up to 15 min, before its next attempt; a successful log-in clears the
 * account's count, failures are forgotten an hour after the last one.</li>
 * </ul>
 * A refusal is 429 {@code too-many-attempts} with Retry-After. An unknown username counts exactly
 * like a known one, so the limits tell nothing about which accounts exist. With Redis configured
 * ({@code PYLEARN_REDIS_URL}) every node shares the counts ({@link RedisThrottleStore}); without it
 * each node counts alone, which is what the single-node embedded default needs.
 */
@Component
public class SignInThrottle implements DisposableBean {

    /** One attempt that passed the limits; tell it how it ended. */
    public interface Attempt {
        void succeeded();

        void failed();
    }

    private final ThrottleStore store;
    private final BucketConfiguration perAddress;
    private final BucketConfiguration perAccount;
    private final ThrottleStore.Delay accountFailures;
    private final ThrottleStore.Delay addressFailures;

    SignInThrottle(@Value("${pylearn.redis.url:}") String redisUrl,
                   @Value("${pylearn.cache.key-prefix:pylearn:}") String keyPrefix,
                   @Value("${pylearn.security.sign-in.per-address:60}") int perAddress,
                   @Value("${pylearn.security.sign-in.per-account:30}") int perAccount,
                   @Value("${pylearn.security.sign-in.account-failures:5}") int accountFailures,
                   @Value("${pylearn.security.sign-in.address-failures:20}") int addressFailures,
                   @Value("${pylearn.security.sign-in.max-delay:15m}") Duration maxDelay) {
        this.store = redisUrl.isBlank() ? ThrottleStore.local() : new RedisThrottleStore(redisUrl, keyPrefix);
        this.perAddress = perMinute(perAddress);
        this.perAccount = perMinute(perAccount);
        Duration window = Duration.ofHours(1);
        this.accountFailures = new ThrottleStore.Delay(accountFailures, Duration.ofSeconds(1), maxDelay, window);
        this.addressFailures = new ThrottleStore.Delay(addressFailures, Duration.ofSeconds(1), maxDelay, window);
    }

    private static BucketConfiguration perMinute(int attempts) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(attempts).refillGreedy(attempts, Duration.ofMinutes(1)))
                .build();
    }

    /** A log-in (or a password change, which proves the password the same way) of {@code username}. */
    public Attempt logIn(String username, String address) {
        String account = "account:" + normalize(username);
        String client = "address:" + address;
        long blocked = store.blockedMillis(account, client);
        if (blocked > 0) {
            throw refusal(TimeUnit.MILLISECONDS.toSeconds(blocked + 999),
                    "Too many failed attempts for this account or from your address");
        }
        take(client, perAddress, "Too many sign-in attempts from your address");
        take(account, perAccount, "Too many sign-in attempts for this account");
        return new Attempt() {
            @Override
            public void succeeded() {
                store.reset(account);
            }

            @Override
            public void failed() {
                store.failed(account, accountFailures);
                store.failed(client, addressFailures);
            }
        };
    }

    /** A registration from {@code address}: counted with the log-ins of that address. */
    public void register(String address) {
        take("address:" + address, perAddress, "Too many sign-ups and sign-ins from your address");
    }

    private void take(String key, BucketConfiguration limit, String what) {
        long waitNanos = store.consume(key, limit);
        if (waitNanos > 0) {
            throw refusal(TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L), what);
        }
    }

    private static Rejection refusal(long seconds, String what) {
        long wait = Math.max(1, seconds);
        return new Rejection(Rejection.Kind.TOO_MANY, "too-many-attempts", "Too many attempts",
                what + "; try again in " + wait + " s.", wait);
    }

    /** Usernames are unique regardless of case; an absurdly long one is cut (it names no account anyway). */
    private static String normalize(String username) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    @Override
    public void destroy() {
        if (store instanceof RedisThrottleStore redis) {
            redis.close();
        }
    }
}

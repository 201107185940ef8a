package dev.pylearn.command.account;

import com.sun.jna.Library;
import com.sun.jna.Native;
import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.pylearn.api.Rejection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashes at no less than OWASP's parameters (19 MiB, 2 passes, parallelism 1),
 * computed by the native libargon2 (Debian {@code libargon2-1}, through argon2-jvm): 20-30 ms a hash
 * here against 55-80 ms for the pure-Java BouncyCastle one Spring Security uses, which remains the
 * fallback when the library is missing. Both write and read the same PHC string
 * ({@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}), so hashes made before keep verifying, and a
 * hash made with weaker parameters is upgraded at the next log-in ({@link #needsUpgrade}).
 * <p>
 * Hashing runs on a small pool of its own, never on request threads: callers get a future, so a
 * burst of sign-ups waits in the pool's queue and neither takes the request threads nor more than the
 * pool's share of the CPU. The pool has half the cores (at least one thread) by default, at normal
 * priority: reads keep the other half. Under the load test on the 2-core box (load average 19, the
 * load generator on the same box) a hash still waits for its fair share of the CPU: at nice 5 and two
 * threads sign-ups waited p50 10.1 s and 21% were refused as busy; at nice 0 and one thread p50 9.9 s
 * and 14% refused. Priority alone does not meet the 1 s target there; the nice value stays
 * configurable. A full queue, or a wait in it longer than {@code pylearn.security.hashing-wait} (10 s),
 * answers
 * 429 {@code busy} with Retry-After.
 */
@Component
public class PasswordHashing implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PasswordHashing.class);
    private static final AtomicBoolean PRIORITY_REFUSED = new AtomicBoolean();
    private static final Pattern PARAMETERS = Pattern.compile("^\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final Argon2 nativeArgon2;
    private final Argon2PasswordEncoder javaArgon2;
    private final ThreadPoolExecutor pool;
    /** A hash that waited longer than this for a thread is not computed: its caller gets 429 instead. */
    private final long maxWaitNanos;
    /** Where the work after a hash goes on (a command, a database update): never the hashing threads. */
    private final ExecutorService continuations;
    /** What an unknown username is checked against, so that it costs what a wrong password costs. */
    private final String dummyHash;

    PasswordHashing(MeterRegistry meters,
                    @Value("${pylearn.security.argon2.memory-kib:19456}") int memoryKib,
                    @Value("${pylearn.security.argon2.iterations:2}") int iterations,
                    @Value("${pylearn.security.argon2.parallelism:1}") int parallelism,
                    @Value("${pylearn.security.hashing-concurrency:0}") int concurrency,
                    @Value("${pylearn.security.hashing-queue:1000}") int queue,
                    @Value("${pylearn.security.hashing-wait:10s}") Duration maxWait,
                    @Value("${pylearn.security.hashing-niceness:0}") int niceness) {
        if (niceness < -20 || niceness > 19) {
            throw new IllegalStateException("pylearn.security.hashing-niceness must be between -20 and 19, not " + niceness);
        }
        if (memoryKib < 19456 || iterations < 2 || parallelism < 1) {
            throw new IllegalStateException("Argon2id parameters below OWASP's minimum (m=19456 KiB, t=2, p=1): m="
                    + memoryKib + ", t=" + iterations + ", p=" + parallelism);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.maxWaitNanos = maxWait.toNanos();
        int threads = concurrency > 0 ? concurrency : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        // commands after a hash block on their database commits: a few normal-priority threads of their own,
        // started here and now. A thread inherits the nice value of the thread that creates it, and a pool
        // creates its threads lazily on the submitting thread: left to start at the first hash, every
        // sign-in thread was made by a hashing thread and ran the sign-up's commands at nice 5 too
        // (seen under the load test, where sign-ups then waited behind every read).
        ThreadPoolExecutor signIn = new ThreadPoolExecutor(Math.max(4, threads), Math.max(4, threads), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), namedThreads("sign-in-"));
        signIn.prestartAllCoreThreads();
        this.continuations = signIn;
        this.nativeArgon2 = loadNative();
        this.javaArgon2 = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, parallelism, memoryKib, iterations);
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(queue),
                prioritizedThreads(niceness));
        ExecutorServiceMetrics.monitor(meters, pool, "password-hashing", List.of());
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hashNow(Base64.getEncoder().encodeToString(random));
        log.info("Password hashing: Argon2id m={} KiB, t={}, p={}, {} ({} threads at nice {})", memoryKib, iterations,
                parallelism, nativeArgon2 != null ? "native libargon2" : "pure Java (libargon2 not found)", threads,
                niceness);
    }

    /** The hash of {@code password}, computed on the hashing pool. */
    public CompletableFuture<String> hash(String password) {
        return submit(() -> hashNow(password));
    }

    /**
     * Whether {@code password} matches {@code hash}, computed on the hashing pool; a null hash (no
     * such account) is checked against a dummy hash and never matches, at the same cost.
     */
    public CompletableFuture<Boolean> verify(String password, String hash) {
        return submit(() -> {
            if (hash == null) {
                verifyNow(password, dummyHash);
                return false;
            }
            return verifyNow(password, hash);
        });
    }

    /** True when the native libargon2 computes the hashes (false: the pure-Java fallback). */
    public boolean isNative() {
        return nativeArgon2 != null;
    }

    /** True when {@code hash} was made with weaker parameters than the configured ones. */
    public boolean needsUpgrade(String hash) {
        Matcher m = PARAMETERS.matcher(hash);
        return !m.find() || Integer.parseInt(m.group(1)) < memoryKib || Integer.parseInt(m.group(2)) < iterations
                || Integer.parseInt(m.group(3)) < parallelism;
    }

    /** Hashes on the calling thread: for start-up work only (the admin account). */
    String hashNow(String password) {
        if (nativeArgon2 == null) {
            return javaArgon2.encode(password);
        }
        char[] chars = password.toCharArray();
        try {
            return nativeArgon2.hash(iterations, memoryKib, parallelism, chars, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** Verifies on the calling thread: for start-up work only. */
    boolean verifyNow(String password, String hash) {
        if (nativeArgon2 == null || !hash.startsWith("$argon2id$")) {
            return javaArgon2.matches(password, hash);
        }
        char[] chars = password.toCharArray();
        try {
            return nativeArgon2.verify(hash, chars, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Runs a hash on the pool. One that waited in the queue longer than {@code hashing-wait} is
     * dropped with 429 {@code busy}: its caller has waited long enough, and a hash computed for a
     * request that already timed out would only make the queue longer for the next ones.
     */
    private <T> CompletableFuture<T> submit(Supplier<T> hashing) {
        long queued = System.nanoTime();
        try {
            return CompletableFuture.supplyAsync(() -> {
                if (System.nanoTime() - queued > maxWaitNanos) {
                    throw busy();
                }
                return hashing.get();
            }, pool).thenApplyAsync(Function.identity(), continuations);
        } catch (RejectedExecutionException e) {
            throw busy();
        }
    }

    private static Rejection busy() {
        return new Rejection(Rejection.Kind.TOO_MANY, "busy", "Too busy",
                "Too many sign-ins and registrations at once; please try again in a few seconds.", 5L);
    }

    private static Argon2 loadNative() {
        try {
            Argon2 argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, SALT_BYTES, HASH_BYTES);
            argon2.hash(1, 8, 1, "probe".toCharArray(), StandardCharsets.UTF_8);
            return argon2;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.warn("libargon2 is not available ({}); hashing passwords in pure Java, about 2.5 times slower. "
                    + "Install it (Debian: apt-get install libargon2-1).", e.getMessage());
            return null;
        }
    }

    /** {@code setpriority(2)} from libc: on Linux the nice value belongs to each thread. */
    interface LibC extends Library {
        int setpriority(int which, int who, int priority);
    }

    private static ThreadFactory prioritizedThreads(int niceness) {
        ThreadFactory named = namedThreads("password-hashing-");
        return task -> named.newThread(() -> {
            setPriority(niceness);
            task.run();
        });
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void setPriority(int niceness) {
        if (niceness == 0) {
            return;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            // PRIO_PROCESS with who = 0 is the calling thread on Linux
            if (libc.setpriority(0, 0, niceness) != 0 && PRIORITY_REFUSED.compareAndSet(false, true)) {
                log.info("The hashing threads cannot run at nice {} here (a negative value needs CAP_SYS_NICE or "
                        + "systemd's LimitNICE=); they run at normal priority", niceness);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("Cannot set the hashing threads' priority here: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
        continuations.shutdownNow();
    }
}

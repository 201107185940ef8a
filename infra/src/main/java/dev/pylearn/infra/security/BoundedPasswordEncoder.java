package dev.pylearn.infra.security;

import dev.pylearn.api.Rejection;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that lets only a few hashes run at once. Argon2id is deliberately expensive
 * (tens of milliseconds of a core each); without a bound, a burst of registrations or logins takes
 * every core and every other request waits behind it. With the bound, hashing queues among itself
 * and the rest of the platform keeps its share of the machine. A hash that cannot start within the
 * bulkhead's wait answers 429 with Retry-After instead of piling up.
 */
final class BoundedPasswordEncoder implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final Bulkhead bulkhead;

    BoundedPasswordEncoder(PasswordEncoder delegate, Bulkhead bulkhead) {
        this.delegate = delegate;
        this.bulkhead = bulkhead;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return bounded(() -> delegate.encode(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return bounded(() -> delegate.matches(rawPassword, encodedPassword));
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    private <T> T bounded(Supplier<T> hashing) {
        try {
            return bulkhead.executeSupplier(hashing);
        } catch (BulkheadFullException e) {
            throw new Rejection(Rejection.Kind.TOO_MANY, "busy", "Too busy",
                    "Too many sign-ins and registrations at once; please try again in a few seconds.", 5L);
        }
    }
}

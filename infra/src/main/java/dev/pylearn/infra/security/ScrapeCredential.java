package dev.pylearn.infra.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Prometheus' scrape credential (HTTP Basic on {@code /actuator/prometheus}), checked on its own:
 * outside the sign-in limits and the password-hashing pool, so a log-in flood can neither lock the
 * scraper out nor delay it, and a scrape costs no Argon2 hash. The credential is a machine secret
 * from the configuration, not a person's password, so comparing SHA-256 digests in constant time
 * is enough; choose a long random value.
 */
final class ScrapeCredential implements AuthenticationProvider {

    private final byte[] username;
    private final byte[] password;
    private final String role;

    ScrapeCredential(String username, String password, String role) {
        this.username = digest(username);
        this.password = digest(password);
        this.role = role;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        Object credentials = authentication.getCredentials();
        boolean nameMatches = MessageDigest.isEqual(username, digest(name == null ? "" : name));
        boolean passwordMatches = MessageDigest.isEqual(password,
                digest(credentials == null ? "" : credentials.toString()));
        if (!nameMatches || !passwordMatches) {
            throw new BadCredentialsException("Wrong scrape credential");
        }
        return UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

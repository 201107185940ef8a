package dev.pylearn.command.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Signs bearer tokens: subject = learner id, {@code roles}, an expiry, a unique id ({@code jti}, by
 * which one session is logged out) and the account's token generation ({@code gen}: a password or
 * role change starts the next one, revoking every token of the ones before; see
 * {@link TokenRevocations}). A generation rather than an issue time, because an instant compared
 * across nodes would depend on their clocks agreeing to the second.
 */
@Component
public class TokenIssuer {

    static final String ISSUER = "pylearn";
    /** The claim that carries the account's token generation. */
    public static final String GENERATION = "gen";

    private final JwtEncoder encoder;
    private final Clock clock;
    private final Duration lifetime;

    TokenIssuer(JwtEncoder encoder, Clock clock, @Value("${pylearn.security.token-lifetime:12h}") Duration lifetime) {
        this.encoder = encoder;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public IssuedToken issue(String learnerId, String username, Set<String> roles, long generation) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(learnerId)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("username", username)
                .claim("roles", roles)
                .claim(GENERATION, generation)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(learnerId, token, expiresAt);
    }

    /** A signed token for {@code learnerId}. */
    public record IssuedToken(String learnerId, String value, Instant expiresAt) {
    }
}

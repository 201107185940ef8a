package dev.pylearn.command.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs bearer tokens: subject = learner id, {@code roles} claim, and an expiry. */
@Component
class TokenIssuer {

    static final String ISSUER = "pylearn";

    private final JwtEncoder encoder;
    private final Clock clock;
    private final Duration lifetime;

    TokenIssuer(JwtEncoder encoder, Clock clock, @Value("${pylearn.security.token-lifetime:12h}") Duration lifetime) {
        this.encoder = encoder;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    IssuedToken issue(String learnerId, String username, Set<String> roles) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(learnerId)
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim("username", username)
                .claim("roles", roles)
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new IssuedToken(token, expiresAt);
    }

    record IssuedToken(String value, Instant expiresAt) {
    }
}

package dev.pylearn.infra.security;

import dev.pylearn.command.account.TokenIssuer;
import dev.pylearn.command.account.TokenRevocations;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses tokens whose session has ended: logged out, or issued before the account's password or
 * roles last changed. It runs in the JWT decoder, so every way a token reaches the server (the
 * Authorization header, a session cookie) passes it; it asks {@link TokenRevocations}, which answers
 * from memory, so it costs no SQL statement.
 */
final class RevokedTokenValidator implements OAuth2TokenValidator<Jwt> {

    static final String REVOKED = "The session has ended (logged out, or the password or roles changed)";

    private final TokenRevocations revocations;

    RevokedTokenValidator(TokenRevocations revocations) {
        this.revocations = revocations;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Object generation = token.getClaim(TokenIssuer.GENERATION);
        long issuedIn = generation instanceof Number number ? number.longValue() : 0;
        String tokenId = TokenRevocations.tokenId(token.getId(), token.getTokenValue());
        if (revocations.isRevoked(token.getSubject(), issuedIn, tokenId)) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, REVOKED, null));
        }
        return OAuth2TokenValidatorResult.success();
    }
}

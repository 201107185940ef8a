package dev.pylearn.command.account;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration and log-in (the two {@code /api} routes open to anyone), the session, and log-out. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    record RegisterRequest(String username, String password, String displayName, String timezone) {
    }

    record LoginRequest(String username, String password) {
    }

    /** The answer of registration, log-in and password change. */
    record TokenResponse(String learnerId, String token, Instant expiresAt) {
        static TokenResponse of(TokenIssuer.IssuedToken token) {
            return new TokenResponse(token.learnerId(), token.value(), token.expiresAt());
        }
    }

    private final SignIn signIn;
    private final ClientAddresses addresses;
    private final TokenRevocations revocations;

    AuthController(SignIn signIn, ClientAddresses addresses, TokenRevocations revocations) {
        this.signIn = signIn;
        this.addresses = addresses;
        this.revocations = revocations;
    }

    @PostMapping("/register")
    CompletableFuture<ResponseEntity<TokenResponse>> register(@RequestBody RegisterRequest request,
                                                              HttpServletRequest http) {
        return signIn.register(request.username(), request.password(), request.displayName(), request.timezone(),
                        addresses.of(http))
                .thenApply(token -> ResponseEntity.created(URI.create("/api/me")).body(TokenResponse.of(token)));
    }

    @PostMapping("/login")
    CompletableFuture<TokenResponse> login(@RequestBody LoginRequest request, HttpServletRequest http) {
        return signIn.logIn(request.username(), request.password(), addresses.of(http)).thenApply(TokenResponse::of);
    }

    /** Ends the session of the token it is called with; the account's other sessions go on. */
    @PostMapping("/logout")
    ResponseEntity<Void> logout(@AuthenticationPrincipal Jwt token) {
        revocations.logOut(TokenRevocations.tokenId(token.getId(), token.getTokenValue()), token.getSubject(),
                token.getExpiresAt());
        return ResponseEntity.noContent().build();
    }

    record SessionResponse(String learnerId, String username, Object roles, Instant expiresAt) {
    }

    /** What the caller's token says; no database involved (also the ceiling of the load harness). */
    @GetMapping("/session")
    SessionResponse session(@AuthenticationPrincipal Jwt token) {
        return new SessionResponse(token.getSubject(), token.getClaimAsString("username"), token.getClaim("roles"),
                token.getExpiresAt());
    }
}

package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.RegisterLearner;
import dev.pylearn.command.web.ReadYourWrites;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Registration and log-in: the two {@code /api} routes open to anyone. */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    record RegisterRequest(String username, String password, String displayName, String timezone) {
    }

    record RegisterResponse(String learnerId, String token, Instant expiresAt) {
    }

    record LoginRequest(String username, String password) {
    }

    record LoginResponse(String learnerId, String token, Instant expiresAt) {
    }

    private final CommandGateway commands;
    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final TokenIssuer tokens;
    private final Clock clock;
    private final ReadYourWrites readYourWrites;

    AuthController(CommandGateway commands, Accounts accounts, PasswordEncoder passwords, TokenIssuer tokens,
                   Clock clock, ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
    }

    @PostMapping("/register")
    CompletableFuture<ResponseEntity<RegisterResponse>> register(@RequestBody RegisterRequest request) {
        CredentialRules.checkPassword(request.username(), request.password());
        String learnerId = UUID.randomUUID().toString();
        String timezone = request.timezone() == null || request.timezone().isBlank() ? "UTC" : request.timezone();
        return commands.send(new RegisterLearner(learnerId, request.username(), request.displayName(), timezone,
                        passwords.encode(request.password()), Set.of(Roles.LEARNER), clock.instant()))
                .thenCompose(registered -> readYourWrites.dashboardShows(learnerId, 0))
                .thenApply(shown -> {
                    TokenIssuer.IssuedToken token = tokens.issue(learnerId, request.username(), Set.of(Roles.LEARNER));
                    return ResponseEntity.created(URI.create("/api/me"))
                            .body(new RegisterResponse(learnerId, token.value(), token.expiresAt()));
                });
    }

    record SessionResponse(String learnerId, String username, Object roles, Instant expiresAt) {
    }

    /** What the caller's token says; no database involved (also the ceiling of the load harness). */
    @GetMapping("/session")
    SessionResponse session(@AuthenticationPrincipal Jwt token) {
        return new SessionResponse(token.getSubject(), token.getClaimAsString("username"), token.getClaim("roles"),
                token.getExpiresAt());
    }

    @PostMapping("/login")
    LoginResponse login(@RequestBody LoginRequest request) {
        if (request.username() == null || request.password() == null) {
            throw Rejection.invalid("invalid-credentials-format", "Both 'username' and 'password' are required.");
        }
        Accounts.Account account = accounts.findByUsername(request.username())
                .filter(a -> passwords.matches(request.password(), a.passwordHash()))
                .orElseThrow(() -> new Rejection(Rejection.Kind.UNAUTHENTICATED, "invalid-credentials",
                        "Invalid credentials", "The username or password is wrong."));
        TokenIssuer.IssuedToken token = tokens.issue(account.learnerId(), account.username(), account.roles());
        return new LoginResponse(account.learnerId(), token.value(), token.expiresAt());
    }
}

package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.ChangePassword;
import dev.pylearn.api.learner.PasswordChangeResult;
import dev.pylearn.api.learner.RegisterLearner;
import dev.pylearn.command.learner.LearnerRules;
import dev.pylearn.command.web.ReadYourWrites;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Registration, log-in and password changes, for the JSON API and the web pages alike. Each checks
 * what it can without a hash first (input, then the {@link SignInThrottle} limits), then hashes on
 * the {@link PasswordHashing} pool: the answers are futures, so no request thread waits for a hash.
 */
@Component
public class SignIn {

    private final CommandGateway commands;
    private final Accounts accounts;
    private final PasswordHashing passwords;
    private final SignInThrottle throttle;
    private final TokenIssuer tokens;
    private final ReadYourWrites readYourWrites;
    private final Clock clock;

    SignIn(CommandGateway commands, Accounts accounts, PasswordHashing passwords, SignInThrottle throttle,
           TokenIssuer tokens, ReadYourWrites readYourWrites, Clock clock) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.tokens = tokens;
        this.readYourWrites = readYourWrites;
        this.clock = clock;
    }

    /** Opens an account and answers with its first token once the learner's pages show it. */
    public CompletableFuture<TokenIssuer.IssuedToken> register(String username, String password, String displayName,
                                                               String timezone, String address) {
        String name = LearnerRules.username(username);
        String shownAs = LearnerRules.displayName(displayName, name);
        String zone = LearnerRules.timezone(timezone == null || timezone.isBlank() ? "UTC" : timezone).getId();
        CredentialRules.checkPassword(name, password);
        throttle.register(address);
        String learnerId = UUID.randomUUID().toString();
        return passwords.hash(password)
                .thenCompose(hash -> commands.send(new RegisterLearner(learnerId, name, shownAs, zone, hash,
                        Set.of(Roles.LEARNER), clock.instant())))
                .thenCompose(registered -> readYourWrites.dashboardShows(learnerId, 0))
                .thenApply(shown -> tokens.issue(learnerId, name, Set.of(Roles.LEARNER), 0));
    }

    /**
     * A token for the account whose username (any case) and password these are. An unknown
     * username is checked against a dummy hash: it costs what a wrong password costs, and both get
     * the same 401 {@code invalid-credentials}.
     */
    public CompletableFuture<TokenIssuer.IssuedToken> logIn(String username, String password, String address) {
        if (username == null || password == null) {
            throw Rejection.invalid("invalid-credentials-format", "Both 'username' and 'password' are required.");
        }
        SignInThrottle.Attempt attempt = throttle.logIn(username, address);
        Accounts.Account account = accounts.findByUsername(username).orElse(null);
        return passwords.verify(password, account == null ? null : account.passwordHash()).thenApply(matches -> {
            if (!matches) {
                attempt.failed();
                throw new Rejection(Rejection.Kind.UNAUTHENTICATED, "invalid-credentials", "Invalid credentials",
                        "The username or password is wrong.");
            }
            attempt.succeeded();
            upgradeHashIfWeak(account, password);
            return tokens.issue(account.learnerId(), account.username(), account.roles(), account.tokenGeneration());
        });
    }

    /**
     * Replaces the password of {@code learnerId} after checking the current one (limited like a
     * log-in), ends every session of the account, and answers with a fresh token.
     */
    public CompletableFuture<TokenIssuer.IssuedToken> changePassword(String learnerId, String currentPassword,
                                                                     String newPassword, String address) {
        if (currentPassword == null || currentPassword.isEmpty()) {
            throw Rejection.invalid("invalid-password", "'currentPassword' is required.");
        }
        Accounts.Account account = accounts.findById(learnerId)
                .orElseThrow(() -> Rejection.notFound("unknown-account", "There is no account '" + learnerId + "'."));
        CredentialRules.checkPassword(account.username(), newPassword);
        SignInThrottle.Attempt attempt = throttle.logIn(account.username(), address);
        return passwords.verify(currentPassword, account.passwordHash())
                .thenCompose(matches -> {
                    if (!matches) {
                        attempt.failed();
                        throw new Rejection(Rejection.Kind.FORBIDDEN, "wrong-password", "Wrong password",
                                "The current password is wrong; nothing was changed.");
                    }
                    attempt.succeeded();
                    return passwords.hash(newPassword);
                })
                .thenCompose(hash -> commands.<PasswordChangeResult>send(new ChangePassword(learnerId, hash,
                        clock.instant())))
                .thenCompose(changed -> readYourWrites.dashboardShows(learnerId, changed.version())
                        .thenApply(shown -> tokens.issue(learnerId, account.username(), account.roles(),
                                changed.tokenGeneration())));
    }

    private void upgradeHashIfWeak(Accounts.Account account, String password) {
        if (passwords.needsUpgrade(account.passwordHash())) {
            passwords.hash(password).thenAccept(stronger ->
                    accounts.upgradeHash(account.learnerId(), account.passwordHash(), stronger));
        }
    }
}

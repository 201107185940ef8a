package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.ChangePassword;
import dev.pylearn.api.learner.RegisterLearner;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes sure an admin can log in from the first start: the configured password, or a generated one
 * printed once (never again: it is not stored anywhere but as its hash). A configured password also
 * replaces an older one, so ops can rotate it by restart; that ends the admin's older sessions.
 */
@Component
@Order(10)
class AdminAccount implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminAccount.class);

    private final CommandGateway commands;
    private final Accounts accounts;
    private final PasswordHashing passwords;
    private final Clock clock;
    private final String username;
    private final String configuredPassword;

    AdminAccount(CommandGateway commands, Accounts accounts, PasswordHashing passwords, Clock clock,
                 @Value("${pylearn.admin.username:admin}") String username,
                 @Value("${pylearn.admin.password:}") String configuredPassword) {
        this.commands = commands;
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
        this.username = username;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        var existing = accounts.findByUsername(username);
        if (existing.isPresent()) {
            if (!configuredPassword.isBlank() && !passwords.verifyNow(configuredPassword, existing.get().passwordHash())) {
                commands.sendAndWait(new ChangePassword(existing.get().learnerId(), passwords.hashNow(configuredPassword),
                        clock.instant()));
                log.info("Admin account '{}': password replaced by PYLEARN_ADMIN_PASSWORD", username);
            } else {
                log.info("Admin account '{}' exists (password unchanged)", username);
            }
            return;
        }
        boolean generated = configuredPassword.isBlank();
        String password = generated ? generatePassword() : configuredPassword;
        CredentialRules.checkPassword(username, password);
        Set<String> roles = new LinkedHashSet<>(Set.of(Roles.LEARNER, Roles.ADMIN));
        try {
            commands.sendAndWait(new RegisterLearner(UUID.randomUUID().toString(), username, "Administrator", "UTC",
                    passwords.hashNow(password), roles, clock.instant()));
        } catch (Rejection e) {
            // another node starting at the same moment created it first
            log.info("Admin account '{}' was created by another node", username);
            return;
        }
        if (generated) {
            log.warn("Admin account created: username '{}', password '{}' (shown once; set PYLEARN_ADMIN_PASSWORD "
                    + "to choose it)", username, password);
        } else {
            log.info("Admin account created: username '{}', password from PYLEARN_ADMIN_PASSWORD", username);
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

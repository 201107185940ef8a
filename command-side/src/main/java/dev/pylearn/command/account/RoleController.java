package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.GrantRole;
import dev.pylearn.api.learner.RevokeRole;
import dev.pylearn.api.learner.RolesResult;
import java.security.Principal;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins grant and revoke roles: {@code ANALYST} (the analytics views) and {@code ADMIN}. Each change
 * is a {@code RoleGranted} / {@code RoleRevoked} event of the account (who, what, by whom, when), and
 * ends the account's sessions: its holder logs in again and the new token carries the roles it now
 * has. The last admin's ADMIN role cannot be revoked.
 */
@RestController
class RoleController {

    record RolesResponse(String learnerId, Set<String> roles) {
    }

    private final CommandGateway commands;
    private final Clock clock;

    RoleController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PutMapping("/api/admin/accounts/{learnerId}/roles/{role}")
    CompletableFuture<RolesResponse> grant(@PathVariable String learnerId, @PathVariable String role, Principal admin) {
        return answer(learnerId, commands.send(new GrantRole(learnerId, Roles.grantable(role), admin.getName(),
                clock.instant())));
    }

    @DeleteMapping("/api/admin/accounts/{learnerId}/roles/{role}")
    CompletableFuture<RolesResponse> revoke(@PathVariable String learnerId, @PathVariable String role,
                                            Principal admin) {
        return answer(learnerId, commands.send(new RevokeRole(learnerId, Roles.grantable(role), admin.getName(),
                clock.instant())));
    }

    private static CompletableFuture<RolesResponse> answer(String learnerId, CompletableFuture<RolesResult> sent) {
        return sent.handle((result, failure) -> {
            if (failure == null) {
                return new RolesResponse(learnerId, result.roles());
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException) {
                throw Rejection.notFound("unknown-account", "No account with learner id '" + learnerId + "'.");
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }
}

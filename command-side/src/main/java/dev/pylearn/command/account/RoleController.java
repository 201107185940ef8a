package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import java.util.Set;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins grant and revoke roles: {@code ANALYST} (the analytics views) and {@code ADMIN}. A role
 * reaches the account's next token, so the holder logs in again to use it.
 */
@RestController
class RoleController {

    private static final Set<String> GRANTABLE = Set.of(Roles.ANALYST, Roles.ADMIN);

    record RolesResponse(String learnerId, Set<String> roles) {
    }

    private final Accounts accounts;

    RoleController(Accounts accounts) {
        this.accounts = accounts;
    }

    @PutMapping("/api/admin/accounts/{learnerId}/roles/{role}")
    RolesResponse grant(@PathVariable String learnerId, @PathVariable String role) {
        return change(learnerId, role, true);
    }

    @DeleteMapping("/api/admin/accounts/{learnerId}/roles/{role}")
    RolesResponse revoke(@PathVariable String learnerId, @PathVariable String role) {
        return change(learnerId, role, false);
    }

    private RolesResponse change(String learnerId, String role, boolean granted) {
        String name = role.toUpperCase(java.util.Locale.ROOT);
        if (!GRANTABLE.contains(name)) {
            throw Rejection.invalid("unknown-role", "Roles an admin can grant or revoke: ANALYST, ADMIN; not '"
                    + role + "'.");
        }
        return accounts.changeRole(learnerId, name, granted)
                .map(roles -> new RolesResponse(learnerId, roles))
                .orElseThrow(() -> Rejection.notFound("unknown-account", "No account with learner id '" + learnerId
                        + "'."));
    }
}

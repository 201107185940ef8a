package dev.pylearn.command.account;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.ChangeDisplayName;
import dev.pylearn.api.learner.ChangeTimezone;
import dev.pylearn.api.learner.LearnerChangeResult;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.command.web.ReadYourWrites;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's own settings: display name, time zone, password. Name and zone answer with the
 * profile ({@code GET /api/me}) once it shows the change; a password change answers with a fresh
 * token, since it ends every session opened before it.
 */
@RestController
class SettingsController {

    record DisplayNameRequest(String displayName) {
    }

    record TimezoneRequest(String timezone) {
    }

    record PasswordRequest(String currentPassword, String newPassword) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final SignIn signIn;
    private final ClientAddresses addresses;
    private final Clock clock;

    SettingsController(CommandGateway commands, QueryGateway queries, ReadYourWrites readYourWrites, SignIn signIn,
                       ClientAddresses addresses, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.signIn = signIn;
        this.addresses = addresses;
        this.clock = clock;
    }

    @PutMapping("/api/me/display-name")
    CompletableFuture<ProfileView> displayName(@RequestBody DisplayNameRequest request, Principal me) {
        return profileAfter(me, commands.send(new ChangeDisplayName(me.getName(), request.displayName(),
                clock.instant())));
    }

    @PutMapping("/api/me/timezone")
    CompletableFuture<ProfileView> timezone(@RequestBody TimezoneRequest request, Principal me) {
        return profileAfter(me, commands.send(new ChangeTimezone(me.getName(), request.timezone(), clock.instant())));
    }

    @PutMapping("/api/me/password")
    CompletableFuture<AuthController.TokenResponse> password(@RequestBody PasswordRequest request, Principal me,
                                                             HttpServletRequest http) {
        return signIn.changePassword(me.getName(), request.currentPassword(), request.newPassword(),
                addresses.of(http)).thenApply(AuthController.TokenResponse::of);
    }

    private CompletableFuture<ProfileView> profileAfter(Principal me, CompletableFuture<LearnerChangeResult> sent) {
        return sent.thenCompose(result -> readYourWrites.dashboardShows(me.getName(), result.version()))
                .thenCompose(shown -> queries.query(new FindProfile(me.getName()),
                        org.axonframework.messaging.responsetypes.ResponseTypes.optionalInstanceOf(ProfileView.class)))
                .thenApply(profile -> profile.orElseThrow(() -> Rejection.notFound("unknown-learner",
                        "There is no learner '" + me.getName() + "'.")));
    }
}

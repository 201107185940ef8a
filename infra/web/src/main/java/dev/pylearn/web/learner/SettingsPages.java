package dev.pylearn.web.learner;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.ChangeDisplayName;
import dev.pylearn.api.learner.ChangeTimezone;
import dev.pylearn.api.learner.LearnerChangeResult;
import dev.pylearn.api.progress.FindProfile;
import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.command.account.ClientAddresses;
import dev.pylearn.command.account.SignIn;
import dev.pylearn.command.web.ReadYourWrites;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.account.TimeZones;
import dev.pylearn.web.form.FormErrors;
import dev.pylearn.web.session.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Profile and settings as three plain forms (display name, time zone, password), each posting to
 * its own path and going through what the API's settings endpoints use: the same commands, waited
 * for until the learner's pages show them (so the page after the redirect is never older than the
 * change), and {@link SignIn#changePassword} for the password, whose fresh token becomes this
 * browser's session (the change ends every older one). A refusal shows the page again with the
 * API's message next to the field and what was typed; a success redirects and says what changed.
 */
@Controller
class SettingsPages {

    private static final Map<String, String> FIELDS = Map.of(
            "invalid-display-name", "displayName", "invalid-timezone", "timezone",
            "wrong-password", "currentPassword", "invalid-password", "newPassword");

    private final Queries queries;
    private final CommandGateway commands;
    private final ReadYourWrites readYourWrites;
    private final SignIn signIn;
    private final ClientAddresses addresses;
    private final Clock clock;

    SettingsPages(Queries queries, CommandGateway commands, ReadYourWrites readYourWrites, SignIn signIn,
                  ClientAddresses addresses, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.signIn = signIn;
        this.addresses = addresses;
        this.clock = clock;
    }

    @GetMapping("/settings")
    String settings(@RequestParam(required = false) String saved, Principal me, Model model) {
        ProfileView profile = profile(me);
        model.addAttribute("page", new SettingsPage(profile, profile.displayName(), profile.timezone(), TimeZones.ALL,
                FormErrors.NONE, saved));
        return "learner/settings";
    }

    @PostMapping("/settings/display-name")
    CompletableFuture<String> displayName(@RequestParam(defaultValue = "") String displayName, Principal me,
                                          HttpServletResponse response, Model model) {
        return change(me, () -> commands.send(new ChangeDisplayName(me.getName(), displayName, clock.instant())),
                "display-name", response, model, displayName, null);
    }

    @PostMapping("/settings/timezone")
    CompletableFuture<String> timezone(@RequestParam(defaultValue = "") String timezone, Principal me,
                                       HttpServletResponse response, Model model) {
        return change(me, () -> commands.send(new ChangeTimezone(me.getName(), timezone, clock.instant())),
                "timezone", response, model, null, timezone);
    }

    @PostMapping("/settings/password")
    CompletableFuture<String> password(@RequestParam(defaultValue = "") String currentPassword,
                                       @RequestParam(defaultValue = "") String newPassword, Principal me,
                                       HttpServletRequest request, HttpServletResponse response, Model model) {
        return attempt(() -> signIn.changePassword(me.getName(), currentPassword, newPassword, addresses.of(request)))
                .handle((token, failure) -> {
                    if (failure == null) {
                        SessionCookie.set(request, response, token.value(), token.expiresAt());
                        return "redirect:/settings?saved=password";
                    }
                    FormErrors errors = FormErrors.of(failure, FIELDS);
                    // an empty current password is refused with the same type as a weak new one
                    if (currentPassword.isEmpty() && errors.has("newPassword")) {
                        errors = new FormErrors(Map.of("currentPassword", errors.of("newPassword")), null);
                    }
                    return refused(me, failure, errors, response, model, null, null);
                });
    }

    private CompletableFuture<String> change(Principal me, Supplier<CompletableFuture<LearnerChangeResult>> command,
                                             String saved, HttpServletResponse response, Model model,
                                             String typedName, String typedZone) {
        return attempt(command)
                .thenCompose(result -> readYourWrites.dashboardShows(me.getName(), result.version()))
                .handle((shown, failure) -> failure == null ? "redirect:/settings?saved=" + saved
                        : refused(me, failure, FormErrors.of(failure, FIELDS), response, model, typedName, typedZone));
    }

    private String refused(Principal me, Throwable failure, FormErrors errors, HttpServletResponse response,
                           Model model, String typedName, String typedZone) {
        ProfileView profile = profile(me);
        response.setStatus(FormErrors.rejection(failure).kind().status());
        Long retryAfter = FormErrors.rejection(failure).retryAfterSeconds();
        if (retryAfter != null) {
            response.setHeader("Retry-After", String.valueOf(retryAfter));
        }
        model.addAttribute("page", new SettingsPage(profile, typedName == null ? profile.displayName() : typedName,
                typedZone == null ? profile.timezone() : typedZone, TimeZones.ALL, errors, null));
        return "learner/settings";
    }

    private ProfileView profile(Principal me) {
        return queries.one(new FindProfile(me.getName()), ProfileView.class)
                .orElseThrow(() -> LearnerPages.unknown(me));
    }

    /** Input checks may throw before any future exists; fold them into the future so one path shows them. */
    static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}

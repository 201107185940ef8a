package dev.pylearn.web.admin;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.learner.AwardXp;
import dev.pylearn.api.learner.CancelPremium;
import dev.pylearn.api.learner.FindLearners;
import dev.pylearn.api.learner.GrantRole;
import dev.pylearn.api.learner.LearnerStateResult;
import dev.pylearn.api.learner.LearnerSummaryView;
import dev.pylearn.api.learner.RevokeRole;
import dev.pylearn.api.learner.StartPremium;
import dev.pylearn.command.account.Roles;
import dev.pylearn.command.web.ReadYourWrites;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The learners page's actions without JavaScript: each card's forms post here ({@code op} = xp, grant,
 * revoke, premium-on, premium-off) and the same commands as the admin API are sent. Success goes back
 * to the search with a notice on the card (post, redirect, get: a reload does not repeat it); a
 * refusal shows the page again with the message next to what caused it and what was typed. With
 * JavaScript the page calls the JSON API instead and never comes here.
 */
@Controller
class LearnerActions {

    private static final Map<String, String> XP_FIELDS = Map.of("invalid-xp-amount", "amount",
            "invalid-xp-reason", "reason");

    /** Notices by code: the redirect carries a code, never text a link could forge. */
    static final Map<String, String> NOTICES = Map.of(
            "xp", "XP awarded.",
            "grant", "Role granted. Their sessions ended: the change applies when they log in again.",
            "revoke", "Role revoked. Their sessions ended: the change applies when they log in again.",
            "premium-on", "Premium is now on.",
            "premium-off", "Premium is now off.");

    private final CommandGateway commands;
    private final Queries queries;
    private final Clock clock;
    private final ReadYourWrites readYourWrites;

    LearnerActions(CommandGateway commands, Queries queries, Clock clock, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.readYourWrites = readYourWrites;
    }

    @PostMapping("/admin/learners")
    String act(@RequestParam(defaultValue = "") String learnerId, @RequestParam(defaultValue = "") String op,
               @RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String amount,
               @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String role,
               Principal admin, Model model, HttpServletResponse response) {
        try {
            send(learnerId, op, amount, reason, role, admin.getName());
        } catch (RuntimeException failure) {
            Rejection refused = rejection(failure, learnerId);
            List<LearnerSummaryView> found = username.isBlank() ? List.of()
                    : queries.many(new FindLearners(username, 20), LearnerSummaryView.class);
            response.setStatus(refused.kind().status());
            model.addAttribute("search", new LearnerSearchPage(username, found, FormErrors.NONE, learnerId, null,
                    FormErrors.of(refused, op.equals("xp") ? XP_FIELDS : Map.of()), amount, reason));
            return "admin/learners";
        }
        return "redirect:/admin/learners?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&learner=" + URLEncoder.encode(learnerId, StandardCharsets.UTF_8) + "&done=" + op;
    }

    private void send(String learnerId, String op, String amount, String reason, String role, String adminId) {
        switch (op) {
            case "xp" -> {
                int xp;
                try {
                    xp = Integer.parseInt(amount.strip());
                } catch (NumberFormatException e) {
                    throw Rejection.invalid("invalid-xp-amount", "Enter the XP to award as a whole number, such as 50.");
                }
                shown(commands.sendAndWait(new AwardXp(learnerId, xp, reason, clock.instant())));
            }
            case "grant" -> commands.sendAndWait(new GrantRole(learnerId, Roles.grantable(role), adminId, clock.instant()));
            case "revoke" -> commands.sendAndWait(new RevokeRole(learnerId, Roles.grantable(role), adminId,
                    clock.instant()));
            case "premium-on" -> shown(commands.sendAndWait(new StartPremium(learnerId, clock.instant())));
            case "premium-off" -> shown(commands.sendAndWait(new CancelPremium(learnerId, clock.instant())));
            default -> throw Rejection.invalid("unknown-operation", "Unknown action '" + op + "'.");
        }
    }

    /** Waits until the learner's row shows the change, so the search the redirect leads to shows it too. */
    private void shown(LearnerStateResult result) {
        readYourWrites.dashboardShows(result.learnerId(), result.version()).join();
    }

    private static Rejection rejection(Throwable failure, String learnerId) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause.getClass().getName().contains("CommandExecution"))
                && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof AggregateNotFoundException) {
            return Rejection.notFound("unknown-learner", "There is no learner '" + learnerId + "'.");
        }
        return FormErrors.rejection(cause);
    }
}

package dev.pylearn.web.notification;

import dev.pylearn.api.Rejection;
import dev.pylearn.api.notification.ChangeNotificationPreference;
import dev.pylearn.api.notification.FindNotifications;
import dev.pylearn.api.notification.NotificationKind;
import dev.pylearn.api.notification.NotificationSettingsResult;
import dev.pylearn.api.notification.NotificationsView;
import dev.pylearn.api.notification.SetNotificationEmail;
import dev.pylearn.command.notification.UnsubscribeLinks;
import dev.pylearn.query.tutor.TutorCursor;
import dev.pylearn.query.web.Queries;
import dev.pylearn.web.form.FormErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /notifications}: the learner's notifications (newest first, keyset-paged), which kinds they
 * receive and where mail goes, one query; the forms post here and come back (post-redirect-get).
 * {@code /notifications/unsubscribe}: the signed link of every mail, public. GET shows a button (mail
 * scanners follow links, so a GET changes nothing); POST unsubscribes, whether it comes from that
 * button or from a mail provider's RFC 8058 one-click request.
 */
@Controller
class NotificationPages {

    static final int PAGE = 20;

    private final Queries queries;
    private final CommandGateway commands;
    private final UnsubscribeLinks links;
    private final Clock clock;

    NotificationPages(Queries queries, CommandGateway commands, UnsubscribeLinks links, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.links = links;
        this.clock = clock;
    }

    @GetMapping("/notifications")
    String list(@RequestParam(required = false) String before, @RequestParam(required = false) String saved,
                Principal viewer, Model model) {
        fill(model, viewer, before, null, FormErrors.NONE);
        model.addAttribute("saved", saved);
        return "notification/list";
    }

    @PostMapping("/notifications/preferences")
    String preferences(@RequestParam(name = "kind", required = false) List<String> on, Principal viewer) {
        List<String> enabled = on == null ? List.of() : on;
        for (NotificationKind kind : NotificationKind.values()) {
            commands.sendAndWait(new ChangeNotificationPreference(viewer.getName(), kind.slug(),
                    enabled.contains(kind.slug()), "settings", clock.instant()));
        }
        awaitSettings(viewer.getName(), view -> {
            for (NotificationKind kind : NotificationKind.values()) {
                if (view.preferences().get(kind.slug()) != enabled.contains(kind.slug())) {
                    return false;
                }
            }
            return true;
        });
        return "redirect:/notifications?saved=preferences";
    }

    @PostMapping("/notifications/email")
    String email(@RequestParam(defaultValue = "") String email, Principal viewer, HttpServletResponse response,
                 Model model) {
        try {
            NotificationSettingsResult result = commands.sendAndWait(new SetNotificationEmail(viewer.getName(), email,
                    clock.instant()));
            String expected = email.isBlank() ? null : email.strip().toLowerCase(java.util.Locale.ROOT);
            if (result.changed()) {
                awaitSettings(viewer.getName(), view -> java.util.Objects.equals(view.email(), expected));
            }
        } catch (Rejection rejection) {
            response.setStatus(rejection.kind().status());
            fill(model, viewer, null, email, FormErrors.of(rejection, Map.of("invalid-email", "email")));
            return "notification/list";
        }
        return "redirect:/notifications?saved=email";
    }

    @GetMapping("/notifications/unsubscribe")
    String unsubscribePage(@RequestParam(required = false) String token, HttpServletResponse response, Model model) {
        return unsubscribeView(token, false, response, model);
    }

    @PostMapping("/notifications/unsubscribe")
    String unsubscribe(@RequestParam(required = false) String token, HttpServletResponse response, Model model) {
        return unsubscribeView(token, true, response, model);
    }

    private String unsubscribeView(String token, boolean apply, HttpServletResponse response, Model model) {
        UnsubscribeLinks.Target target;
        try {
            target = links.verify(token);
        } catch (Rejection rejection) {
            response.setStatus(400);
            model.addAttribute("error", rejection.getMessage());
            model.addAttribute("token", null);
            model.addAttribute("kind", null);
            model.addAttribute("done", false);
            return "notification/unsubscribe";
        }
        if (apply) {
            commands.sendAndWait(new ChangeNotificationPreference(target.learnerId(), target.kind().slug(), false,
                    "unsubscribe-link", clock.instant()));
        }
        model.addAttribute("error", null);
        model.addAttribute("token", token);
        model.addAttribute("kind", target.kind().label());
        model.addAttribute("done", apply);
        return "notification/unsubscribe";
    }

    /** Waits briefly until the settings read model shows the change (the projection follows within milliseconds). */
    private void awaitSettings(String learnerId, java.util.function.Predicate<NotificationsView> shown) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < until) {
            NotificationsView view = queries.one(new FindNotifications(learnerId, null, null, 1), NotificationsView.class)
                    .orElseThrow();
            if (shown.test(view)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void fill(Model model, Principal viewer, String before, String email, FormErrors errors) {
        TutorCursor cursor = TutorCursor.parse(before);
        NotificationsView view = queries.one(new FindNotifications(viewer.getName(), cursor == null ? null : cursor.at(),
                cursor == null ? null : cursor.id(), PAGE), NotificationsView.class).orElseThrow();
        model.addAttribute("view", view);
        model.addAttribute("kinds", List.of(NotificationKind.values()));
        model.addAttribute("email", email != null ? email : view.email() == null ? "" : view.email());
        model.addAttribute("errors", errors);
        model.addAttribute("older", before != null);
        model.addAttribute("saved", null);
    }
}

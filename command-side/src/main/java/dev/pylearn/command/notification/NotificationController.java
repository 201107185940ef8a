package dev.pylearn.command.notification;

import dev.pylearn.api.notification.ChangeNotificationPreference;
import dev.pylearn.api.notification.NotificationSettingsResult;
import dev.pylearn.api.notification.SetNotificationEmail;
import java.security.Principal;
import java.time.Clock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's notification settings: each kind on or off, and the address mail goes to. */
@RestController
class NotificationController {

    record PreferenceRequest(Boolean enabled) {
    }

    record EmailRequest(String email) {
    }

    private final CommandGateway commands;
    private final Clock clock;

    NotificationController(CommandGateway commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @PutMapping("/api/me/notifications/preferences/{kind}")
    NotificationSettingsResult preference(@PathVariable String kind, @RequestBody PreferenceRequest request, Principal me) {
        if (request.enabled() == null) {
            throw dev.pylearn.api.Rejection.invalid("missing-enabled", "'enabled' is required: true or false.");
        }
        return commands.sendAndWait(new ChangeNotificationPreference(me.getName(), kind, request.enabled(), "api",
                clock.instant()));
    }

    @PutMapping("/api/me/notifications/email")
    NotificationSettingsResult email(@RequestBody EmailRequest request, Principal me) {
        return commands.sendAndWait(new SetNotificationEmail(me.getName(), request.email(), clock.instant()));
    }
}

package dev.pylearn.web.learner;

import dev.pylearn.api.progress.ProfileView;
import dev.pylearn.web.form.FormErrors;
import java.util.List;

/**
 * The settings page: the profile as stored, the values the name and zone fields show (what was
 * typed when a change was refused), the zones to pick from, what was wrong (each field has its own
 * id, so one {@link FormErrors} serves the three forms), and which change just succeeded, if any.
 */
public record SettingsPage(ProfileView profile, String displayName, String timezone, List<String> timezones,
                           FormErrors errors, String saved) {

    public String savedMessage() {
        if (saved == null) {
            return null;
        }
        return switch (saved) {
            case "display-name" -> "Your display name is now " + profile.displayName() + ".";
            case "timezone" -> "Your time zone is now " + profile.timezone() + ". Days count in it from now on.";
            case "password" -> "Your password has been changed. Other browsers and devices were logged out.";
            default -> null;
        };
    }
}

package dev.pylearn.web.account;

import dev.pylearn.web.form.FormErrors;
import java.util.List;

/** The sign-up form as typed (never the password), the zones to pick from, and what was wrong. */
public record SignupForm(String username, String displayName, String timezone, List<String> timezones,
                         FormErrors errors) {
}

package dev.pylearn.web.account;

import dev.pylearn.web.form.FormErrors;

/** The log-in form as typed (never the password), where to go afterwards, and what was wrong. */
public record LoginForm(String username, String next, FormErrors errors) {
}

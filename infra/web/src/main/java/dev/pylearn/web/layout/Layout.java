package dev.pylearn.web.layout;

import java.util.function.UnaryOperator;

/**
 * What the page shell needs besides the page's own model: the viewer (null when logged out), the
 * CSRF token for forms, fingerprinted asset URLs, and the path for the current navigation item.
 */
public record Layout(Viewer viewer, String csrfParameter, String csrfToken, String path,
                     UnaryOperator<String> assets) {

    public boolean loggedIn() {
        return viewer != null;
    }

    /** The fingerprinted URL of a file under {@code static/}, cached by browsers for a year. */
    public String asset(String path) {
        return assets.apply(path);
    }

    /** {@code aria-current="page"} for the navigation item the page belongs to. */
    public boolean current(String prefix) {
        return prefix.equals("/") ? path.equals("/") || path.startsWith("/tracks") || path.startsWith("/lessons")
                : path.startsWith(prefix);
    }
}

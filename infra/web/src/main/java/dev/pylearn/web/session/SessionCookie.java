package dev.pylearn.web.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * The browser's session: the same signed token API clients send as a bearer token, kept in an
 * HttpOnly cookie so no script on a page can read it. SameSite=Lax keeps it off cross-site
 * sub-requests and form posts; CSRF tokens cover the rest. Secure whenever the page came over HTTPS.
 */
public final class SessionCookie {

    public static final String NAME = "pylearn_session";

    private SessionCookie() {
    }

    public static Optional<String> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        return cookies == null ? Optional.empty() : Arrays.stream(cookies)
                .filter(cookie -> NAME.equals(cookie.getName()) && !cookie.getValue().isBlank())
                .map(Cookie::getValue).findFirst();
    }

    public static void set(HttpServletRequest request, HttpServletResponse response, String token, Instant expiresAt) {
        Duration lifetime = Duration.between(Instant.now(), expiresAt);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, token, lifetime.isNegative() ? Duration.ZERO : lifetime));
    }

    public static void clear(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO));
    }

    private static String cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(request.isSecure()).sameSite("Lax").path("/")
                .maxAge(maxAge).build().toString();
    }
}

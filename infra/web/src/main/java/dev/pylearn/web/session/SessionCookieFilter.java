package dev.pylearn.web.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a browser's {@link SessionCookie} stand in for the bearer token, so pages and the scripts on
 * them reach the same API, checked by the same resource server, as every other client. A request
 * that carries its own Authorization header is left alone. A cookie whose token no longer holds
 * (expired, or revoked by a log-out or password change on any node) is cleared and the request goes
 * on anonymous: a public page still shows, and a private one asks to log in, instead of an error.
 */
public class SessionCookieFilter extends OncePerRequestFilter {

    private final JwtDecoder decoder;

    public SessionCookieFilter(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                ? SessionCookie.read(request) : Optional.empty();
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try {
            decoder.decode(token.get());
        } catch (JwtException stale) {
            SessionCookie.clear(request, response);
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new BearerRequest(request, "Bearer " + token.get()), response);
    }

    /** The request as if its client had sent the token in the Authorization header. */
    private static final class BearerRequest extends HttpServletRequestWrapper {

        private final String authorization;

        BearerRequest(HttpServletRequest request, String authorization) {
            super(request);
            this.authorization = authorization;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(authorization)) : super.getHeaders(name);
        }
    }
}

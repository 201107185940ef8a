package dev.pylearn.infra.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.pylearn.command.account.TokenRevocations;
import dev.pylearn.infra.web.Problems;
import dev.pylearn.web.error.ErrorPages;
import dev.pylearn.web.session.SessionCookie;
import dev.pylearn.web.session.SessionCookieFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import java.util.Collection;
import java.util.List;
import javax.crypto.SecretKey;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security. Open: registration, log-in, the catalog reads, health.
 * {@code /api/admin/**} and the other actuator endpoints need ADMIN, {@code /api/analytics/**}
 * ANALYST or ADMIN; the rest of {@code /api} a valid token; {@code /actuator/prometheus} also takes
 * a scrape credential. Pages outside {@code /api} (the admin monitor) are static and fetch their
 * data with the admin's token. Every refusal is a problem document, never an HTML page or an empty
 * body.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    SecretKey tokenSigningKey(@Value("${pylearn.security.token-secret:}") String configured, JdbcClient jdbc) {
        return TokenKey.resolve(configured, jdbc);
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey key) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(key));
    }

    @Bean
    JwtDecoder jwtDecoder(SecretKey key, TokenRevocations revocations) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new JwtIssuerValidator("pylearn"), new RevokedTokenValidator(revocations)));
        return decoder;
    }

    /**
     * {@code /actuator/prometheus}: an admin's bearer token, or the scrape credential of
     * {@code pylearn.metrics.scrape-username/-password} over HTTP Basic (Prometheus' {@code basic_auth});
     * without a configured credential, admins only. The credential is checked by {@link ScrapeCredential},
     * outside the sign-in limits.
     */
    @Bean
    @Order(1)
    SecurityFilterChain metrics(HttpSecurity http, Problems problems,
                                @Value("${pylearn.metrics.scrape-username:}") String username,
                                @Value("${pylearn.metrics.scrape-password:}") String password) throws Exception {
        http.securityMatcher("/actuator/prometheus")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAnyRole("ADMIN", SCRAPER_ROLE));
        if (!username.isBlank() && !password.isBlank()) {
            http.authenticationProvider(new ScrapeCredential(username, password, SCRAPER_ROLE))
                    .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> problems.write(response,
                            HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required",
                            "Send the scrape credential (HTTP Basic) or an admin's bearer token.")));
        }
        return bearerTokens(http, problems).build();
    }

    /**
     * Swagger UI's own files: read-only and public, under a policy of their own because Swagger UI sets
     * inline styles (its scripts are still files from this origin). Every other path keeps
     * {@link #CONTENT_SECURITY_POLICY}.
     */
    @Bean
    @Order(2)
    SecurityFilterChain swaggerUi(HttpSecurity http) throws Exception {
        http.securityMatcher("/swagger-ui/**", "/swagger-ui.html")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(SWAGGER_UI_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * The pages' static files: public, and outside the CSRF filter. There the CSRF cookie would be set
     * anew on any asset request that came without it (Chromium fetches a page's icon without cookies),
     * replacing the token of the page that was just rendered, whose next form post would be refused.
     */
    @Bean
    @Order(3)
    SecurityFilterChain assets(HttpSecurity http) throws Exception {
        http.securityMatcher("/assets/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /** {@link #CONTENT_SECURITY_POLICY} with inline styles allowed, for Swagger UI only. */
    static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * The API and the pages. A browser's session cookie becomes the bearer token ({@link SessionCookieFilter});
     * writes that a browser makes with it, and every form post outside {@code /api}, need the CSRF token
     * (double-submit cookie {@code XSRF-TOKEN}, sent back by forms as {@code _csrf} and by scripts as
     * {@code X-XSRF-TOKEN}); API clients with bearer tokens are untouched. A page that needs a session
     * sends a browser to the log-in page and back.
     */
    @Bean
    SecurityFilterChain api(HttpSecurity http, Problems problems, JwtDecoder decoder, ErrorPages errorPages)
            throws Exception {
        // the token is not renewed on every request that authenticates (each one does, from the cookie):
        // renewing it there cleared the XSRF-TOKEN cookie on every page and asset load, so a form posted
        // without JavaScript carried a token the cookie no longer matched
        http.csrf(csrf -> csrf.spa().requireCsrfProtectionMatcher(SecurityConfiguration::browserWrite)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .logout(logout -> logout.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new SessionCookieFilter(decoder), BearerTokenAuthenticationFilter.class)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN)))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/tracks", "/api/tracks/*", "/api/lessons/*", "/api/challenges",
                                "/api/challenges/*", "/api/forum/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/api/admin/**", "/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/api/analytics/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers("/api/**").authenticated()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/admin", "/admin/projections", "/admin/learners").hasRole("ADMIN")
                        .requestMatchers("/analyst", "/analyst/**").hasAnyRole("ANALYST", "ADMIN")
                        .requestMatchers("/dashboard", "/achievements", "/settings", "/settings/**", "/premium",
                                "/premium/**", "/lessons/*/completion", "/battles", "/battles/**", "/tutor", "/tutor/**",
                                "/notifications", "/notifications/preferences", "/notifications/email").authenticated()
                        // forum and chat: reading the forum is public, writing and chat need a log-in
                        .requestMatchers("/forum/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/forum/**").authenticated()
                        // chat moderation is for admins (the aggregate does not check the role itself)
                        .requestMatchers(HttpMethod.POST, "/chat/*/messages/*/hide", "/chat/*/messages/*/unhide")
                        .hasRole("ADMIN")
                        .requestMatchers("/chat", "/chat/**").authenticated()
                        .anyRequest().permitAll());
        bearerTokens(http, problems);
        // pages: a browser without a session goes to the log-in page; one without the role sees a page
        http.exceptionHandling(ex -> ex
                .authenticationEntryPoint((request, response, e) -> {
                    if (ErrorPages.wantsPage(request)) {
                        String target = request.getRequestURI()
                                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                        response.sendRedirect("/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
                    } else {
                        problems.write(response, HttpStatus.UNAUTHORIZED, "authentication-required",
                                "Authentication required",
                                "Send a bearer token: 'Authorization: Bearer <token>' from /api/auth/login.");
                    }
                })
                .accessDeniedHandler((request, response, e) -> {
                    boolean csrf = e instanceof CsrfException;
                    String detail = csrf ? "The form's security token is missing or out of date: reload the page "
                            + "and try again." : "Your account may not use this resource.";
                    if (ErrorPages.wantsPage(request)) {
                        ResponseEntity<String> page = errorPages.render(403, "Forbidden", detail, request);
                        response.setStatus(403);
                        response.setContentType("text/html;charset=UTF-8");
                        response.getWriter().write(page.getBody());
                    } else {
                        problems.write(response, HttpStatus.FORBIDDEN, csrf ? "csrf-token-invalid" : "forbidden",
                                "Forbidden", detail);
                    }
                }));
        return http.build();
    }

    /**
     * No inline script or style anywhere, nothing from another origin: every page's script and style is a
     * file under {@code /assets/}. 
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Writes that need the CSRF token: every form post to a page, and API writes that ride on the session cookie. */
    private static boolean browserWrite(HttpServletRequest request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")) {
            return false;
        }
        if (request.getRequestURI().equals("/notifications/unsubscribe")) {
            // RFC 8058 one-click: the mail provider posts without cookies; the signed link is the credential
            return false;
        }
        return !request.getRequestURI().startsWith("/api/")
                || (request.getHeader(HttpHeaders.AUTHORIZATION) == null && SessionCookie.read(request).isPresent());
    }

    private static final String SCRAPER_ROLE = "METRICS_SCRAPER";

    private static HttpSecurity bearerTokens(HttpSecurity http, Problems problems) throws Exception {
        return http.oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
                        .authenticationEntryPoint((request, response, e) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required",
                                describe(e)))
                        .accessDeniedHandler((request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "Your account may not use this resource.")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED, "authentication-required", "Authentication required",
                                "Send a bearer token: 'Authorization: Bearer <token>' from /api/auth/login."))
                        .accessDeniedHandler((request, response, e) -> problems.write(response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "Your account may not use this resource.")));
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("expired")) {
            return "The bearer token has expired; log in again.";
        }
        if (message.contains(RevokedTokenValidator.REVOKED)) {
            return RevokedTokenValidator.REVOKED + "; log in again.";
        }
        if (message.contains("Not authenticated") || message.isBlank()) {
            return "Send a bearer token: 'Authorization: Bearer <token>' from /api/auth/login.";
        }
        return "The bearer token is not valid; log in again.";
    }

    /** Principal name = learner id (the token's subject); {@code roles} claim = ROLE_ authorities. */
    private static AbstractAuthenticationToken authentication(Jwt jwt) {
        Collection<String> roles = jwt.hasClaim("roles") ? jwt.getClaimAsStringList("roles") : List.of();
        List<GrantedAuthority> authorities = roles.stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

}

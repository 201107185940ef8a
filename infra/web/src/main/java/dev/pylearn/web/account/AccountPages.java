package dev.pylearn.web.account;

import dev.pylearn.command.account.ClientAddresses;
import dev.pylearn.command.account.SignIn;
import dev.pylearn.command.account.TokenIssuer;
import dev.pylearn.command.account.TokenRevocations;
import dev.pylearn.web.form.FormErrors;
import dev.pylearn.web.session.SessionCookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-up, log-in and log-out as plain HTML forms that work without JavaScript. They go through the
 * same {@link SignIn} service as the JSON API (same rules, limits and messages); success sets the
 * {@link SessionCookie}, a refusal shows the form again with what was typed (never the password)
 * and the API's message next to the field it concerns.
 */
@Controller
class AccountPages {

    private static final Map<String, String> SIGNUP_FIELDS = Map.of(
            "invalid-username", "username", "username-taken", "username",
            "invalid-password", "password", "invalid-credentials-format", "password",
            "invalid-display-name", "displayName", "invalid-timezone", "timezone");

    private static final Map<String, String> LOGIN_FIELDS = Map.of();

    private final SignIn signIn;
    private final ClientAddresses addresses;
    private final TokenRevocations revocations;

    AccountPages(SignIn signIn, ClientAddresses addresses, TokenRevocations revocations) {
        this.signIn = signIn;
        this.addresses = addresses;
        this.revocations = revocations;
    }

    @GetMapping("/signup")
    String signupForm(Model model) {
        model.addAttribute("form", new SignupForm("", "", "", TimeZones.ALL, FormErrors.NONE));
        return "account/signup";
    }

    @PostMapping("/signup")
    CompletableFuture<String> signup(@RequestParam(defaultValue = "") String username,
                                     @RequestParam(defaultValue = "") String password,
                                     @RequestParam(defaultValue = "") String displayName,
                                     @RequestParam(defaultValue = "") String timezone,
                                     HttpServletRequest request, HttpServletResponse response, Model model) {
        return attempt(() -> signIn.register(username, password, displayName, timezone, addresses.of(request)))
                .handle((token, failure) -> {
                    if (failure == null) {
                        SessionCookie.set(request, response, token.value(), token.expiresAt());
                        return "redirect:/dashboard";
                    }
                    model.addAttribute("form", new SignupForm(username, displayName, timezone, TimeZones.ALL,
                            FormErrors.of(failure, SIGNUP_FIELDS)));
                    response.setStatus(statusOf(failure));
                    return "account/signup";
                });
    }

    @GetMapping("/login")
    String loginForm(@RequestParam(defaultValue = "") String next, Model model) {
        model.addAttribute("form", new LoginForm("", safeNext(next), FormErrors.NONE));
        return "account/login";
    }

    @PostMapping("/login")
    CompletableFuture<String> login(@RequestParam(defaultValue = "") String username,
                                    @RequestParam(defaultValue = "") String password,
                                    @RequestParam(defaultValue = "") String next,
                                    HttpServletRequest request, HttpServletResponse response, Model model) {
        String target = safeNext(next);
        return attempt(() -> signIn.logIn(username, password, addresses.of(request)))
                .handle((token, failure) -> {
                    if (failure == null) {
                        SessionCookie.set(request, response, token.value(), token.expiresAt());
                        return "redirect:" + (target.isEmpty() ? "/dashboard" : target);
                    }
                    model.addAttribute("form", new LoginForm(username, target, FormErrors.of(failure, LOGIN_FIELDS)));
                    response.setStatus(statusOf(failure));
                    if (FormErrors.rejection(failure).retryAfterSeconds() != null) {
                        response.setHeader("Retry-After", String.valueOf(FormErrors.rejection(failure).retryAfterSeconds()));
                    }
                    return "account/login";
                });
    }

    /** Ends this browser's session on every node (the token is revoked, not just forgotten). */
    @PostMapping("/logout")
    String logout(@AuthenticationPrincipal Jwt token, HttpServletRequest request, HttpServletResponse response) {
        if (token != null) {
            revocations.logOut(TokenRevocations.tokenId(token.getId(), token.getTokenValue()), token.getSubject(),
                    token.getExpiresAt());
        }
        SessionCookie.clear(request, response);
        return "redirect:/";
    }

    /** Input checks throw before any future exists; fold them into the future so one path shows them. */
    private static CompletableFuture<TokenIssuer.IssuedToken> attempt(
            java.util.function.Supplier<CompletableFuture<TokenIssuer.IssuedToken>> call) {
        try {
            return call.get();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static int statusOf(Throwable failure) {
        return FormErrors.rejection(failure).kind().status();
    }

    /** Only a path on this site may follow a log-in: {@code //evil.example} or a full URL would be an open redirect. */
    static String safeNext(String next) {
        return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "";
    }
}

package dev.pylearn.web.layout;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/** Hands every page controller's model its {@link Layout}; error pages ask for one directly. */
@Component
@ControllerAdvice(basePackages = "dev.pylearn.web")
public class Layouts {

    private final ResourceUrlProvider resources;

    Layouts(ResourceUrlProvider mvcResourceUrlProvider) {
        this.resources = mvcResourceUrlProvider;
    }

    @ModelAttribute("layout")
    public Layout of(HttpServletRequest request) {
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return new Layout(viewer().orElse(null), csrf == null ? "_csrf" : csrf.getParameterName(),
                csrf == null ? "" : csrf.getToken(), request.getRequestURI(), path -> {
                    String url = resources.getForLookupPath(path);
                    return url == null ? path : url;
                });
    }

    /** The logged-in learner, from the token the session cookie (or bearer header) carried. */
    public static Optional<Viewer> viewer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return Optional.empty();
        }
        Set<String> roles = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(role -> role.startsWith("ROLE_")).map(role -> role.substring(5))
                .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Viewer(token.getName(), token.getToken().getClaimAsString("username"), roles));
    }
}

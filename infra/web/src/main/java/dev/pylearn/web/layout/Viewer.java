package dev.pylearn.web.layout;

import java.util.Set;

/** Who is looking at a page: from the session's token, so no lookup is spent on it. */
public record Viewer(String learnerId, String username, Set<String> roles) {

    public boolean isAdmin() {
        return roles.contains("ADMIN");
    }

    public boolean isAnalyst() {
        return roles.contains("ANALYST") || isAdmin();
    }
}

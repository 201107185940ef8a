package dev.pylearn.infra.database;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be shown: a URL may carry a password ({@code ?password=...}, or
 * {@code user:password@host} in some drivers' syntax), and logs are read by more people than
 * the configuration is.
 */
public final class JdbcUrls {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;](?:[a-z]*password)=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@?]*:)[^/@?]*@");

    private JdbcUrls() {
    }

    /** The URL with every password replaced by {@code ****}. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String redacted = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(redacted).replaceAll("$1****@");
    }
}

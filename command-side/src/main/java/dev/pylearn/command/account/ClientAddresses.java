package dev.pylearn.command.account;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, as the sign-in limits count it. {@code X-Forwarded-For} is read
 * only when the request arrives from a configured trusted proxy
 * ({@code pylearn.security.trusted-proxies}, addresses or CIDR ranges); then the header is read from
 * the right, skipping trusted proxies, and the first address that is not one is the client. The
 * leftmost entry is never taken on trust: a client can write anything there.
 * <p>
 * Written here rather than with Tomcat's RemoteIpValve: the valve takes trusted proxies as a regular
 * expression, and the switch that turns it on ({@code server.forward-headers-strategy}) trusts every
 * private network by default, which is wrong for a server reachable from one.
 */
@Component
public class ClientAddresses {

    private final List<IpAddressMatcher> trusted;

    ClientAddresses(@Value("${pylearn.security.trusted-proxies:}") String trustedProxies) {
        this.trusted = Arrays.stream(trustedProxies.split(","))
                .map(String::strip).filter(entry -> !entry.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    public String of(HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(address)) {
            return address;
        }
        List<String> forwarded = request.getHeaders("X-Forwarded-For") == null ? List.of()
                : java.util.Collections.list(request.getHeaders("X-Forwarded-For")).stream()
                        .flatMap(header -> Arrays.stream(header.split(",")))
                        .map(String::strip).filter(entry -> !entry.isEmpty()).toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i);
            if (!isAddress(hop)) {
                // garbage in the header: the last hop we could trust is the answer
                return address;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
            address = hop;
        }
        return address;
    }

    private boolean isTrusted(String address) {
        return isAddress(address) && trusted.stream().anyMatch(matcher -> matcher.matches(address));
    }

    /** A literal IPv4 or IPv6 address (no host names: they would be looked up). */
    private static boolean isAddress(String text) {
        return text != null && !text.isEmpty() && text.length() <= 45 && text.chars()
                .allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')
                && (text.contains(".") || text.contains(":"));
    }
}

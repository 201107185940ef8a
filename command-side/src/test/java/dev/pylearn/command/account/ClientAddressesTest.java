package dev.pylearn.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTest {

    private static MockHttpServletRequest from(String remote, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(remote);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @Test
    void forwardedForIsIgnoredUnlessProxiesAreConfigured() {
        ClientAddresses addresses = new ClientAddresses("");
        assertThat(addresses.of(from("192.0.2.10", "203.0.113.5"))).isEqualTo("192.0.2.10");
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() {
        ClientAddresses addresses = new ClientAddresses("10.0.0.0/8");
        assertThat(addresses.of(from("192.0.2.10", "203.0.113.5"))).isEqualTo("192.0.2.10");
    }

    @Test
    void theRightmostUntrustedHopIsTheClient() {
        ClientAddresses addresses = new ClientAddresses("10.0.0.0/8, 127.0.0.1");
        // the client forged the first entry; the outer proxy (10.1.1.1) appended the real one
        assertThat(addresses.of(from("127.0.0.1", "198.51.100.66, 203.0.113.5, 10.1.1.1")))
                .isEqualTo("203.0.113.5");
        assertThat(addresses.of(from("127.0.0.1", "198.51.100.66", "203.0.113.5"))).isEqualTo("203.0.113.5");
        assertThat(addresses.of(from("10.2.2.2", "2001:db8::7"))).isEqualTo("2001:db8::7");
    }

    @Test
    void garbageOrOnlyProxiesLeaveTheLastTrustedHop() {
        ClientAddresses addresses = new ClientAddresses("10.0.0.0/8");
        assertThat(addresses.of(from("10.0.0.1", "evil.example, 10.0.0.2"))).isEqualTo("10.0.0.2");
        assertThat(addresses.of(from("10.0.0.1", "10.0.0.3"))).isEqualTo("10.0.0.3");
        assertThat(addresses.of(from("10.0.0.1"))).isEqualTo("10.0.0.1");
    }
}

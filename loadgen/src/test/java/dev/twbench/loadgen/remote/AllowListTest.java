package dev.twbench.loadgen.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowListTest {
    @Test
    void aNetworkAdmitsItsOwnAddressesOnly() throws Exception {
        AllowList allow = AllowList.parse("--allow", List.of("198.18.0.0/15", "10.1.2.3"));
        assertTrue(allow.admits(InetAddress.getByName("198.19.255.1")));
        assertTrue(allow.admits(InetAddress.getByName("10.1.2.3")));
        assertFalse(allow.admits(InetAddress.getByName("198.20.0.1")));
        assertFalse(allow.admits(InetAddress.getByName("10.1.2.4")));
        assertFalse(allow.admits(InetAddress.getByName("::1")), "an IPv6 peer is in no IPv4 network");
    }

    @Test
    void noListAdmitsEveryoneTheTokenBeingTheGate() throws Exception {
        assertTrue(AllowList.parse("--allow", List.of()).admits(InetAddress.getByName("203.0.113.7")));
    }

    @Test
    void aMalformedNetworkIsBadInput() {
        for (String bad : List.of("10.0.0.0/33", "example.com/8", "10.0.0.0/x", "")) {
            assertThrows(InvalidScenarioException.class, () -> AllowList.parse("--allow", List.of(bad)), bad);
        }
    }
}

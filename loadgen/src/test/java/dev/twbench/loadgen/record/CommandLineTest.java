package dev.twbench.loadgen.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** run.json's commandLine is one a shell takes back as the same arguments. */
class CommandLineTest {
    @Test
    void argumentsAShellWouldSplitOrExpandAreQuoted() {
        assertEquals("java -jar benchmarks.jar run --rate 500 --client-sysctl 'net.ipv4.ip_local_port_range=40000 40999'"
                        + " --server-cmd 'exec nginx -g '\\''daemon off;'\\'''",
                RunManifest.commandLine(List.of("run", "--rate", "500", "--client-sysctl",
                        "net.ipv4.ip_local_port_range=40000 40999", "--server-cmd", "exec nginx -g 'daemon off;'")));
    }
}

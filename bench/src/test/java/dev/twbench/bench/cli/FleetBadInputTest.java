package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run across hosts, and an agent, given bad input: one line naming the bad value, exit code 2,
 * nothing created. No agent runs here: an unreachable agent is a port on loopback that nothing
 * listens on.
 */
class FleetBadInputTest {
    @TempDir
    Path work;

    @Test
    void aClientAgentWithoutAServerAgentIsRefused() throws IOException {
        expectBadRun("'127.0.0.1:7070': needs --server-agent", "--client-agent", "127.0.0.1:7070");
    }

    @Test
    void aMissingTokenFileIsNamed() throws IOException {
        Path missing = work.resolve("no-such-token");
        expectBadRun("'" + missing + "': no such file", "--server-agent", "127.0.0.1:7070", "--client-agent",
                "127.0.0.1:7071", "--token-file", missing.toString());
    }

    @Test
    void anUnreachableAgentIsNamed() throws IOException {
        int closedPort = closedPort();
        expectBadRun("invalid --server-agent '127.0.0.1:" + closedPort + "': cannot be reached", "--server-agent",
                "127.0.0.1:" + closedPort, "--client-agent", "127.0.0.1:" + closedPort, "--token-file", token().toString());
    }

    @Test
    void aServerAgentNeedsAClientAgentAndAToken() throws IOException {
        expectBadRun("needs at least one --client-agent", "--server-agent", "127.0.0.1:7070");
        expectBadRun("needs --token-file", "--server-agent", "127.0.0.1:7070", "--client-agent", "127.0.0.1:7071");
    }

    @Test
    void theLabsOwnFeaturesAreRefusedAcrossHosts() throws IOException {
        expectBadRun("invalid --nat-ports '1000'", "--server-agent", "127.0.0.1:7070", "--client-agent",
                "127.0.0.1:7071", "--token-file", token().toString(), "--nat-ports", "1000");
    }

    @Test
    void anAgentWithABadAddressOrTokenExitsTwo() throws IOException {
        expectBad(List.of("agent", "--listen", "nowhere", "--token-file", token().toString()),
                "invalid --listen 'nowhere': must be HOST:PORT");
        expectBad(List.of("agent", "--listen", "127.0.0.1:7070", "--token-file", work.resolve("none").toString()),
                "no such file");
        expectBad(List.of("agent", "--listen", "127.0.0.1:7070", "--token-file", token().toString(), "--allow", "10.0.0.0/33"),
                "invalid --allow '10.0.0.0/33'");
    }

    private void expectBadRun(String quoted, String... runArgs) {
        List<String> args = new ArrayList<>(List.of("run", "--out", work.resolve("out").toString()));
        args.addAll(List.of(runArgs));
        expectBad(args, quoted);
        assertFalse(Files.exists(work.resolve("out")), "no results folder");
    }

    private static void expectBad(List<String> args, String quoted) {
        InProcessCli cli = InProcessCli.execute(args.toArray(String[]::new));
        assertEquals(2, cli.exitCode(), cli.toString());
        assertEquals(1, cli.err().lines().count(), "exactly one line: " + cli.err());
        assertTrue(cli.err().contains(quoted), "names " + quoted + ": " + cli.err());
        assertFalse(cli.err().contains("Exception") || cli.err().contains("\tat "), "no stack trace: " + cli.err());
        assertEquals("", cli.out(), "nothing was run");
    }

    private Path token() throws IOException {
        return Files.writeString(work.resolve("token"), "bad-input-test-token-0123456789");
    }

    /** A loopback port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

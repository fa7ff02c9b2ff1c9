package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code k8s} with bad input: one line on stderr naming the value and what is allowed, exit code 2,
 * and no manifest written, not even the folder.
 */
class K8sBadInputTest {
    @TempDir
    Path work;

    /** The arguments after {@code k8s --out DIR}, and the text the one line must quote. */
    static Stream<Arguments> badInvocations() {
        return Stream.of(
                bad("--clients '0'", "--clients", "0", "--image", "x/twbench:1"),
                bad("--clients '-2'", "--clients", "-2", "--image", "x/twbench:1"),
                bad("--clients 'three'", "--clients", "three", "--image", "x/twbench:1"),
                bad("--clients '1001'", "--clients", "1001", "--image", "x/twbench:1"),
                bad("'--image=IMAGE'", "--clients", "3"),
                bad("--image 'x y'", "--clients", "3", "--image", "x y"),
                bad("--rate '-5'", "--clients", "3", "--image", "x/twbench:1", "--rate", "-5"),
                bad("'sideways'", "--clients", "3", "--image", "x/twbench:1", "--close", "sideways"),
                bad("'kernel.pid_max=1'", "--clients", "3", "--image", "x/twbench:1", "--sysctl", "kernel.pid_max=1"),
                bad("'vm.swappiness=1'", "--clients", "3", "--image", "x/twbench:1", "--server-sysctl=vm.swappiness=1"),
                bad("'net.core.somaxconn=10'", "--clients", "3", "--image", "x/twbench:1",
                        "--client-sysctl", "net.core.somaxconn=10"),
                bad("'net.ipv4.tcp_tw_reuse=3'", "--clients", "3", "--image", "x/twbench:1",
                        "--client-sysctl", "net.ipv4.tcp_tw_reuse=3"),
                bad("'kernel.sem=many'", "--clients", "3", "--image", "x/twbench:1", "--server-sysctl", "kernel.sem=many"),
                bad("--namespace 'Bench_1'", "--clients", "3", "--image", "x/twbench:1", "--namespace", "Bench_1"),
                bad("--results-claim 'Results!'", "--clients", "3", "--image", "x/twbench:1", "--results-claim", "Results!"),
                bad("'--client-agent'", "--clients", "3", "--image", "x/twbench:1", "--client-agent", "a:7070"),
                bad("--server-port '0'", "--clients", "3", "--image", "x/twbench:1", "--lab", "host"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badInvocations")
    void badInputIsOneLineExitTwoAndNothingWritten(String quoted, List<String> args) {
        assertRefused(quoted, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokenFiles")
    void anUnreadableOrShortTokenFileIsBadInput(String file, String content) throws IOException {
        Path token = work.resolve(file);
        if (content != null) {
            Files.writeString(token, content);
        }
        assertRefused("--token-file '" + token + "'", List.of("--clients", "3", "--image", "x/twbench:1",
                "--token-file", token.toString()));
    }

    static Stream<Arguments> badTokenFiles() {
        return Stream.of(Arguments.of("missing", null), Arguments.of("short", "fifteen-chars!!\n"),
                Arguments.of("blank", " \n".repeat(20)));
    }

    private void assertRefused(String quoted, List<String> args) {
        Path out = work.resolve("k8s");
        List<String> line = new ArrayList<>(List.of("k8s", "--out", out.toString()));
        line.addAll(args);
        InProcessCli result = InProcessCli.execute(line.toArray(String[]::new));
        assertEquals(2, result.exitCode(), result.toString());
        List<String> err = result.err().lines().toList();
        assertEquals(1, err.size(), result.toString());
        assertTrue(err.get(0).startsWith("twbench: ") && err.get(0).contains(quoted), quoted + " in " + err);
        assertEquals("", result.out());
        assertFalse(Files.exists(out), "nothing written: " + out);
    }

    private static Arguments bad(String quoted, String... args) {
        return Arguments.of(quoted, List.of(args));
    }
}

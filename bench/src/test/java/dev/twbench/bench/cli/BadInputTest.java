package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.lab.StaleLabs;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets one line naming the value and what is allowed, exit code 2, no stack trace,
 * and nothing created: no results folder, no namespace, no agent.
 */
// Dozens of JVM start-ups (four at a time) are CPU-heavy: kept apart from the tests that time a load.
@ResourceLock(LoadLock.CPU)
@Execution(ExecutionMode.CONCURRENT)
class BadInputTest {
    @TempDir
    Path work;

    /** The invocation, and the text the one-line error must quote. */
    static Stream<Arguments> badInvocations() {
        return Stream.of(
                bad("'-5'", "--rate", "-5"),
                bad("'1.5'", "--rate", "1.5"),
                bad("'2000000'", "--rate", "2000000"),
                bad("'sideways'", "--close", "sideways"),
                bad("'0'", "--duration", "0"),
                bad("'10'", "--duration", "10"),
                bad("'25h'", "--duration", "25h"),
                bad("'1ms'", "--interval", "1ms"),
                bad("'bogus=1'", "--client-sysctl", "bogus=1"),
                bad("net.core.somaxconn", "--sysctl", "net.core.somaxconn=10"),
                bad("net.ipv4.tcp_tw_reuse=3", "--client-sysctl", "net.ipv4.tcp_tw_reuse=3"),
                bad("40999-40000", "--client-sysctl", "net.ipv4.ip_local_port_range=40999-40000"),
                bad("net.ipv4.tcp_tw_reuse", "--server-sysctl", "net.ipv4.tcp_tw_reuse"),
                bad("'host'", "--lab", "host", "--sysctl", "net.ipv4.tcp_tw_reuse=1"),
                bad("'moon'", "--lab", "moon"),
                bad("'0'", "--max-in-flight", "0"),
                bad("'x'", "--request-bytes", "x"),
                bad("'70000'", "--server-port", "70000"),
                bad("'a/b'", "--name", "a/b"),
                bad("'-1s'", "--warmup", "-1s"),
                bad("'sometimes'", "--on-agent-exit", "sometimes"),
                bad("'0:1-0'", "--agent-cpus", "0:1-0"),
                bad("'0:1'", "--agent-threads", "0:1"),
                bad("'two'", "--agent-threads", "two"),
                bad("'0:4095'", "--agent-cpus", "0:4095"),
                bad("'no-port'", "--transport", "nio", "--client-bind", "no-port"),
                bad("'40000-40999'", "--transport", "nio", "--client-port-range", "40000-40999"),
                bad("'carrier-pigeon'", "--transport", "carrier-pigeon"),
                bad("'gopher'", "--protocol", "gopher"),
                bad("'0'", "--protocol", "http1", "--requests-per-connection", "0"),
                bad("'5'", "--requests-per-connection", "5"),
                bad("'no-slash'", "--protocol", "http1", "--http-path", "no-slash"),
                bad("--rate '500'", "--client-cmd", "curl http://{server}:{port}/", "--rate", "500"),
                bad("'{host}'", "--client-cmd", "curl http://{host}:{port}/"),
                bad("--client-cmd ' '", "--client-cmd", " "),
                bad("--server-cmd ''", "--server-cmd", ""),
                bad("'{adress}'", "--server-cmd", "nginx -g 'listen {adress}:{port};'"),
                bad("'2'", "--server-cmd", "nginx", "--server-ports", "2"),
                bad("'1ms'", "--server-cmd", "nginx", "--server-ready-timeout", "1ms"),
                bad("'0'", "--nat-ports", "0"),
                bad("'70000'", "--nat-ports", "70000"),
                bad("'sideways'", "--nat-ports", "1000", "--nat-mode", "sideways"),
                bad("'net.netfilter.nf_conntrack_max=1'", "--nat-ports", "1000", "--nat-sysctl",
                        "net.netfilter.nf_conntrack_max=1"),
                bad("time_wait=0'", "--nat-ports", "1000", "--nat-sysctl",
                        "net.netfilter.nf_conntrack_tcp_timeout_time_wait=0"),
                bad("--nat-ports '1000'", "--nat-ports", "1000", "--lab", "host"),
                bad("--nat-mode 'random'", "--nat-mode", "random"),
                bad("'2'", "--nat-ports", "1000", "--nat-mode", "masquerade", "--nat-addresses", "2"),
                bad("'0'", "--metrics-port", "0"),
                bad("'70000'", "--metrics-port", "70000"),
                bad("'nowhere'", "--metrics-port", "9464", "--metrics-address", "nowhere"),
                bad("'4'", "--client-addresses", "4"),
                bad("'range:5-1'", "--client-bind", "range:5-1"),
                bad("'sometimes'", "--client-bind", "sometimes"),
                bad("'2-1'", "--client-port-range", "2-1"),
                bad("'10s'", "--close", "server-idle", "--idle-timeout", "10s"),
                bad("'100000'", "--close", "server-rst", "--response-bytes", "100000"),
                bad("'40000-40999'", "--client-bind", "range:40000-40999", "--client-port-range", "40000-40999"),
                bad("'maybe'", "--server-reuseaddr", "maybe"),
                bad("'99'", "--server-reuseport", "99"),
                bad("'0'", "--server-ports", "0"),
                bad("'--close'", "--close", "client-first", "--close", "server-first"),
                bad("'--drain'", "--drain", "--no-drain"),
                bad("'10 s'", "--duration", "10 s"),
                bad("'s'", "--duration", "10", "s"),
                bad("'10sec'", "--duration", "10sec"),
                bad("'1e9'", "--rate", "1e9"),
                bad("'1_000_000_000'", "--rate", "1_000_000_000"),
                bad("'0'", "--rate", "0"),
                bad("--frobnicate", "--frobnicate"),
                bad("extra", "extra"),
                bad("--rate", "--rate"));
    }

    private static Arguments bad(String quoted, String... runArgs) {
        return Arguments.of(quoted, List.of(runArgs));
    }

    /**
     * Each bad run, in this JVM: validation happens before the run folder, and the lab only comes
     * after the folder, so "no folder" means nothing was built. The same checks in a process of
     * its own (exit code, nothing on stdout, no namespace owned by that pid) are
     * {@link #aBadValueInAProcessOfItsOwnExitsTwoWithOneLineAndLeavesNothing}.
     */
    @ParameterizedTest(name = "run {1}")
    @MethodSource("badInvocations")
    void badInputIsOneLineExitTwoAndCreatesNothing(String quoted, List<String> runArgs) {
        Path out = work.resolve("out");
        List<String> args = new ArrayList<>(List.of("run", "--out", out.toString()));
        args.addAll(runArgs);
        InProcessCli cli = InProcessCli.execute(args.toArray(String[]::new));
        String err = cli.err();
        assertEquals(2, cli.exitCode(), err);
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.contains(quoted), "names the bad value " + quoted + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertEquals("", cli.out(), "no lab was built, nothing was run");
        assertFalse(Files.exists(out), "no results folder");
    }

    @ParameterizedTest(name = "run {1}")
    @MethodSource("aFewBadInvocations")
    void aBadValueInAProcessOfItsOwnExitsTwoWithOneLineAndLeavesNothing(String quoted, List<String> runArgs)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--out", "out"));
        args.addAll(runArgs);
        CliProcess cli = CliProcess.start(work, args.toArray(String[]::new));
        int exit = cli.waitFor(60);
        String err = cli.stderr();
        assertEquals(2, exit, err);
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.contains(quoted), "names the bad value " + quoted + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertEquals("", cli.stdout(), "no lab was built, nothing was run");
        assertFalse(Files.exists(work.resolve("out")), "no results folder");
        assertEquals(List.of(), StaleLabs.namespacesOwnedBy(cli.pid()));
    }

    /** One of each kind: a flag's value, a sysctl, a combination, a NAT option, picocli's own parse error. */
    static Stream<Arguments> aFewBadInvocations() {
        return Stream.of(
                bad("'-5'", "--rate", "-5"),
                bad("net.core.somaxconn", "--sysctl", "net.core.somaxconn=10"),
                bad("'2'", "--server-cmd", "nginx", "--server-ports", "2"),
                bad("'net.netfilter.nf_conntrack_max=1'", "--nat-ports", "1000", "--nat-sysctl",
                        "net.netfilter.nf_conntrack_max=1"),
                bad("--frobnicate", "--frobnicate"));
    }

    @ParameterizedTest(name = "doctor {1}")
    @MethodSource("badDoctors")
    void badDoctorIsOneLineExitTwoBeforeItReadsAnything(String quoted, List<String> doctorArgs) {
        List<String> args = new ArrayList<>(List.of("doctor"));
        args.addAll(doctorArgs);
        InProcessCli cli = InProcessCli.execute(args.toArray(String[]::new));
        String err = cli.err();
        assertEquals(2, cli.exitCode(), err);
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.contains(quoted), "names the bad value " + quoted + ": " + err);
        assertTrue(err.contains("from 1s to 59s") || err.contains("from 1 to 1000"), "says what is allowed: " + err);
        assertEquals("", cli.out());
    }

    /** The TIME_WAIT timers tell a socket's age up to 60 s: a watch must fit in it. */
    static Stream<Arguments> badDoctors() {
        return Stream.of(bad("'90s'", "--watch", "90s"), bad("'500ms'", "--watch", "500ms"), bad("'0'", "--top", "0"));
    }

    /** sweep invocations, with what the error quotes: checked before any run starts. */
    static Stream<Arguments> badSweeps() {
        return Stream.of(
                bad("'bogus'", "--vary", "bogus=1,2"),
                bad("'sideways'", "--vary", "close=sideways,client-first"),
                // The real-software axes are run options like any other: each variant is checked as a run.
                bad("'gopher'", "--vary", "protocol=raw,gopher"),
                bad("'0'", "--vary", "requests-per-connection=10,0", "--protocol", "http1"),
                bad("'{adress}'", "--vary", "server-cmd=exec nginx,nginx -g 'listen {adress}:{port};'"),
                bad("'close'", "--vary", "close"),
                bad("'net.ipv4.tcp_tw_reuse=5'", "--vary", "client.net.ipv4.tcp_tw_reuse=0,5"),
                bad("--vary", "--rate", "1000"),
                bad("'/nonexistent/plan.yaml'", "--plan", "/nonexistent/plan.yaml"),
                bad("'-5'", "--vary", "close=client-first", "--rate", "-5"),
                bad("'does-not-exist'", "--resume", "does-not-exist"),
                bad("'a/b'", "--vary", "close=client-first", "--name", "a/b"));
    }

    /** In this JVM, as the runs above: every variant is checked before the sweep folder exists. */
    @ParameterizedTest(name = "sweep {1}")
    @MethodSource("badSweeps")
    void badSweepIsOneLineExitTwoAndCreatesNothing(String quoted, List<String> sweepArgs) throws Exception {
        Path results = work.resolve("results");
        List<String> args = new ArrayList<>(List.of("sweep", "--out", results.toString()));
        args.addAll(sweepArgs);
        InProcessCli cli = InProcessCli.execute(args.toArray(String[]::new));
        String err = cli.err();
        assertEquals(2, cli.exitCode(), cli.toString());
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.contains(quoted), "names the bad value " + quoted + ": " + err);
        assertEquals("", cli.out(), "nothing ran");
        assertFalse(Files.exists(results), "no sweep folder");
    }

    /** What is wrong with the plan, the file (a name, its text), and what the error must quote. */
    static Stream<Arguments> badPlans() {
        String oneAxis = "vary:\n  close: [client-first]\n";
        return Stream.of(
                plan("an unknown top-level key", "name: x\nvarry:\n  close: [client-first]\n", "unknown key 'varry'"),
                plan("an unknown key under run", "run:\n  frobnicate: 1\n" + oneAxis, "'frobnicate' under 'run'"),
                plan("a key under run the sweep sets", "run:\n  out: /tmp\n" + oneAxis, "'out' under 'run'"),
                plan("the agents of a run across hosts", "run:\n  server-agent: 198.18.9.9:7070\n" + oneAxis,
                        "'server-agent' under 'run' is not a run option a sweep can share"),
                plan("a negative rate", "run:\n  rate: -5\n" + oneAxis, "--rate '-5'"),
                plan("an unknown close order", "run:\n  close: sideways\nvary:\n  rate: [100]\n", "--close 'sideways'"),
                plan("a duration without its unit", "run:\n  duration: 10\n" + oneAxis, "--duration '10'"),
                plan("a global sysctl", "run:\n  sysctl: [net.core.somaxconn=10]\n" + oneAxis, "'net.core.somaxconn'"),
                plan("a sysctl value that is not a number", "run:\n  client-sysctl: [net.ipv4.tcp_tw_reuse=abc]\n"
                        + oneAxis, "'net.ipv4.tcp_tw_reuse=abc'"),
                plan("an inverted port range sysctl", "run:\n  client-sysctl: [\"net.ipv4.ip_local_port_range=40999"
                        + " 40000\"]\n" + oneAxis, "'net.ipv4.ip_local_port_range=40999 40000'"),
                plan("an inverted client port range", "run:\n  client-port-range: 2-1\n" + oneAxis, "'2-1'"),
                plan("a flag that is neither true nor false", "run:\n  drain: maybe\n" + oneAxis,
                        "'drain' under 'run' is 'maybe'; allowed: true or false"),
                plan("a map where a value belongs", "run:\n  rate: {fast: 1}\n" + oneAxis,
                        "'rate' under 'run' must be a value or a list of values"),
                plan("an axis with an unknown close order", "vary:\n  close: [client-first, sideways]\n",
                        "--close 'sideways'"),
                plan("an axis that is no option", "vary:\n  closing: [client-first]\n", "'closing'"),
                plan("an empty vary", "name: x\nvary: {}\n", "its 'vary' has no axes"),
                plan("a vary that is a list", "vary:\n  - close\n", "'vary' must map keys to lists of values"),
                plan("an axis without values", "vary:\n  close: []\n", "'close' under 'vary' is an empty list"),
                plan("a key given twice", "vary:\n  close: [client-first]\n  close: [server-first]\n",
                        "Duplicate field 'close'"),
                plan("a name that is not one folder", "name: a/b\n" + oneAxis, "its name 'a/b'"),
                plan("a YAML syntax error", "vary:\n  close: [client-first\n  rate: 5\n", "not valid YAML at line 3"),
                Arguments.of("a JSON syntax error", "plan.json", "{\"vary\": {\"close\": [\"client-first\"]}",
                        "plan.json': not valid JSON at line 1"),
                plan("a list for a plan", "- close\n", "must be a map with name, run and vary"),
                plan("an empty file", "", "must be a map with name, run and vary"),
                // As root, mode 000 does not stop a read: a folder is a path that cannot be read as a file.
                Arguments.of("a folder for a plan", "plan.yaml", DIRECTORY, "plan.yaml (Is a directory)"),
                Arguments.of("a plan that does not exist", "plan.yaml", null, "plan.yaml (No such file or directory)"));
    }

    /** Marks a plan path that is a folder. */
    private static final String DIRECTORY = "<a directory>";

    private static Arguments plan(String what, String yaml, String quoted) {
        return Arguments.of(what, "plan.yaml", yaml, quoted);
    }

    /**
     * In this JVM: a plan is refused while it is read, before any run, so no process of its own is
     * needed to show that (the process-level exit and the nothing-created checks are badSweep's).
     * The plan's path is absolute here, so the messages quote it whole.
     */
    @ParameterizedTest(name = "sweep --plan with {0}")
    @MethodSource("badPlans")
    void badPlanIsOneLineExitTwoAndCreatesNothing(String what, String file, String content, String quoted)
            throws Exception {
        Path plan = work.resolve(file);
        if (DIRECTORY.equals(content)) {
            Files.createDirectories(plan);
        } else if (content != null) {
            Files.createDirectories(work);
            Files.writeString(plan, content);
        }
        Path results = work.resolve("results");
        InProcessCli cli = InProcessCli.execute("sweep", "--plan", plan.toString(), "--out", results.toString());
        String err = cli.err();
        assertEquals(2, cli.exitCode(), cli.toString());
        assertEquals(1, err.lines().count(), "exactly one line: " + err);
        assertTrue(err.startsWith("twbench: "), err);
        assertTrue(err.contains(quoted), "names " + quoted + ": " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertEquals("", cli.out(), "nothing ran");
        assertFalse(Files.exists(results), "no sweep folder");
    }

    /** run --plan: the sweep's format, checked as run would check the same command line. */
    static Stream<Arguments> badRunPlans() {
        return Stream.of(
                Arguments.of("vary:\n  close: [client-first, server-first]\n", "has 'vary': a run is one scenario"),
                Arguments.of("run:\n  name: x\n", "'name' under 'run' is not an option of run"),
                // The agents' list reaches run: without the token nothing is contacted.
                Arguments.of("run:\n  server-agent: 198.18.9.9:7070\n  client-agent: [198.18.9.10:7070, 198.18.9.11:7070]\n",
                        "needs --token-file FILE"));
    }

    @ParameterizedTest(name = "run --plan with {1}")
    @MethodSource("badRunPlans")
    void badRunPlanIsOneLineExitTwoAndCreatesNothing(String yaml, String quoted) throws Exception {
        Files.createDirectories(work);
        Path plan = Files.writeString(work.resolve("plan.yaml"), yaml);
        Path results = work.resolve("results");
        InProcessCli cli = InProcessCli.execute("run", "--plan", plan.toString(), "--out", results.toString());
        assertEquals(2, cli.exitCode(), cli.toString());
        assertEquals(1, cli.err().lines().count(), "exactly one line: " + cli.err());
        assertTrue(cli.err().contains(quoted), "names " + quoted + ": " + cli.err());
        assertEquals("", cli.out(), "nothing ran");
        assertFalse(Files.exists(results), "no run folder");
    }

    @ParameterizedTest(name = "run --out {0}")
    @MethodSource("unwritableOutputs")
    void unwritableOutputFolderIsBadInputBeforeAnyLoad(String out) throws Exception {
        CliProcess cli = CliProcess.start(work, "run", "--out", out, "--duration", "1s");
        assertEquals(2, cli.waitFor(60), cli.stderr());
        assertTrue(cli.stderr().startsWith("twbench: invalid --out '" + out + "'"), cli.stderr());
        assertEquals("", cli.stdout());
    }

    static Stream<String> unwritableOutputs() {
        return Stream.of("/proc/twbench", "/dev/null/results");
    }
}

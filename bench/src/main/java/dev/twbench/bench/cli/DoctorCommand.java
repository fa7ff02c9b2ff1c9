package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityModel;
import dev.twbench.analysis.capacity.CapacityPrediction;
import dev.twbench.analysis.capacity.PortCapacity;
import dev.twbench.loadgen.engine.TransportSupport;
import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.lab.HostSysctls;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.scenario.Durations;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.Privileges;
import dev.twbench.loadgen.sys.FileLimits;
import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.sys.UserNamespaces;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code doctor}: what this machine can do for twbench and how it is tuned for connection churn.
 * Everything is read (never written): /proc, the kernel's answers to harmless probes, and the
 * capacity those values imply by the formulas of docs/kernel-facts.md ("Capacity").
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, headerHeading = "",
        header = "Check this machine: privileges, namespaces, transports, TIME_WAIT tunings and what they allow.",
        description = {"Reads the host's settings (never writes them) and says what each one means for connection",
                "churn, with a plain suggestion where one is worth acting on; then the host's own TIME_WAIT, by",
                "destination. Exit code 0; 2 for a bad --top or --watch.", ""})
final class DoctorCommand implements Callable<Integer> {
    /** The rate doctor plans for: a busy client's, and README's measured example. */
    private static final double REFERENCE_RATE_CPS = 2000;
    /** Settings that are not per network namespace but bound what a run can do. */
    private static final List<String> GLOBAL_SYSCTLS = List.of("net.ipv4.tcp_max_orphans", "net.core.somaxconn",
            "fs.file-max", "fs.nr_open");

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print the findings, the raw values and the capacity as JSON")
    private boolean json;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "how many destinations and services with the most TIME_WAIT to list (default: ${DEFAULT-VALUE})")
    private int top;

    @Option(names = "--watch", paramLabel = "TIME",
            description = "wait TIME (1s to 59s) first, then give each destination the rate at which its connections"
                    + " entered TIME_WAIT in that time (read off the kernel's TIME_WAIT timers), and when its 4-tuples"
                    + " would run out at that rate")
    private String watch;

    @Override
    public Integer call() throws IOException {
        if (top < 1 || top > 1000) {
            throw InvalidScenarioException.of("--top", Integer.toString(top), "must be from 1 to 1000");
        }
        // TIME_WAIT timers tell how long ago a socket entered it, up to its 60 s.
        long watchMs = watch == null ? 0 : Durations.parseMs("--watch", watch, 1_000, 59_000);
        Map<NamespaceSysctl, String> host = HostSysctls.ofThisNamespace();
        Map<String, String> sysctls = new LinkedHashMap<>();
        host.forEach((k, v) -> sysctls.put(k.key(), v));
        for (String key : GLOBAL_SYSCTLS) {
            readSysctl(key).ifPresent(v -> sysctls.put(key, v));
        }
        CapacityInputs inputs = hostInputs(host);
        CapacityPrediction prediction = CapacityModel.predict(inputs);
        PortCapacity capacity = PortCapacity.of(inputs);
        List<Finding> findings = new ArrayList<>();
        system(findings);
        lab(findings);
        transports(findings);
        sysctls(findings, sysctls);
        limits(findings);
        capacity(findings, capacity, prediction);
        int[] range = portRange(sysctls);
        HostTimeWait hostTimeWait = HostTimeWait.read(top, capacity, range[0], range[1], watchMs,
                spec.commandLine().getErr());

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("kernelRelease", System.getProperty("os.version"));
            report.put("sysctls", sysctls);
            report.put("openFiles", openFileLimits());
            report.put("capacity", capacity);
            report.put("plan", CapacityJson.prediction(inputs, prediction));
            report.put("capacityCps", Map.of("clientFirstPerDestinationWithoutReuse", capacity.sustainableWithoutReuseCps(),
                    "clientFirstPerDestinationWithReuse", capacity.sustainableWithReuseCps(),
                    "timeWaitOverflowAbove", capacity.timeWaitOverflowAboveCps()));
            report.put("findings", findings);
            report.put("host", hostTimeWait);
            out.println(Json.MAPPER.writeValueAsString(report));
        } else {
            print(out, findings);
            hostTimeWait.print(out);
        }
        out.flush();
        return 0;
    }

    private static void system(List<Finding> findings) {
        String release = System.getProperty("os.version");
        int[] version = kernelVersion(release);
        boolean atLeast614 = version[0] > 6 || version[0] == 6 && version[1] >= 14;
        boolean atLeast63 = version[0] > 6 || version[0] == 6 && version[1] >= 3;
        findings.add(atLeast614 ? Finding.ok("system", "kernel", release, "")
                : Finding.warn("system", "kernel", release, (atLeast63 ? "" : "no IP_LOCAL_PORT_RANGE (--client-port-range"
                        + " needs 6.3); ") + "no net.ipv4.tcp_tw_reuse_delay (6.14): reuse waits a fixed 1 s"));
        findings.add(Finding.info("system", "cores", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "the agents share them: by default the client one loop per core, the server one per two"
                        + " (--agent-threads), neither pinned (--agent-cpus)"));
    }

    private static void lab(List<Finding> findings) {
        boolean root = Privileges.isRoot();
        findings.add(Finding.info("lab", "user", "uid " + Privileges.uid().map(String::valueOf).orElse("?")
                + (root ? " (root)" : ""), ""));
        boolean ip = Exec.run(List.of("ip", "-V")).ok();
        findings.add(ip ? Finding.ok("lab", "iproute2 (ip)", "installed", "")
                : Finding.warn("lab", "iproute2 (ip)", "missing", "the namespace lab needs it: apt-get install iproute2"));
        Optional<String> userNamespaces = UserNamespaces.whyNot();
        findings.add(userNamespaces.isEmpty()
                ? Finding.ok("lab", "unprivileged user namespaces", "allowed", "an ordinary user gets the namespace lab too")
                : Finding.info("lab", "unprivileged user namespaces", "not allowed", userNamespaces.get()));
        boolean netns = root ? Exec.run(List.of("unshare", "--net", "true")).ok() : userNamespaces.isEmpty();
        String how = root ? "as root" : "through a user namespace";
        findings.add(netns && ip ? Finding.ok("lab", "namespace lab", "available " + how, "")
                : Finding.warn("lab", "namespace lab", "not available", "use --lab host to measure the host's own stack"
                        + " (no sysctl changes), or run as root"));
    }

    private static void transports(List<Finding> findings) {
        for (Transport t : Transport.values()) {
            String name = t.label();
            Optional<Throwable> cause = TransportSupport.unavailabilityCause(t);
            findings.add(cause.isEmpty() ? Finding.ok("transports", name, "available", "")
                    : Finding.warn("transports", name, "not available", oneLine(cause.get())));
        }
    }

    private static void sysctls(List<Finding> findings, Map<String, String> values) {
        String reuse = values.getOrDefault(NamespaceSysctl.TCP_TW_REUSE.key(), "?");
        findings.add(switch (reuse) {
            case "1" -> Finding.ok("sysctls", "net.ipv4.tcp_tw_reuse", reuse, "connect() may take over the client's own"
                    + " TIME_WAIT older than tcp_tw_reuse_delay (needs tcp_timestamps)");
            case "2" -> Finding.info("sysctls", "net.ipv4.tcp_tw_reuse", reuse, "loopback only: between two hosts (or"
                    + " namespaces) it is off; a client opening many connections to one server wants 1");
            default -> Finding.info("sysctls", "net.ipv4.tcp_tw_reuse", reuse, "off: a client closing first keeps each"
                    + " port 60 s; a client opening many connections to one server wants 1");
        });
        values.entrySet().stream().filter(e -> e.getKey().equals(NamespaceSysctl.TCP_TW_REUSE_DELAY.key())).findFirst()
                .ifPresent(e -> findings.add(Finding.info("sysctls", e.getKey(), e.getValue() + " ms",
                        "with tcp_tw_reuse=1, a TIME_WAIT port is reused once older than this")));
        String timestamps = values.getOrDefault(NamespaceSysctl.TCP_TIMESTAMPS.key(), "?");
        findings.add("0".equals(timestamps) ? Finding.warn("sysctls", "net.ipv4.tcp_timestamps", timestamps,
                "tcp_tw_reuse and connect()'s TIME_WAIT takeover need timestamps: turn them on")
                : Finding.ok("sysctls", "net.ipv4.tcp_timestamps", timestamps, ""));
        findings.add(Finding.info("sysctls", "net.ipv4.tcp_fin_timeout",
                values.getOrDefault(NamespaceSysctl.TCP_FIN_TIMEOUT.key(), "?") + " s", "bounds orphaned FIN_WAIT2"
                + " sockets only: TIME_WAIT lasts 60 s whatever this says"));
        findings.add(Finding.info("sysctls", "net.ipv4.tcp_max_tw_buckets",
                values.getOrDefault(NamespaceSysctl.TCP_MAX_TW_BUCKETS.key(), "?"), "beyond it a closing socket skips"
                + " TIME_WAIT silently (TcpExt TCPTimeWaitOverflow)"));
        findings.add(Finding.info("sysctls", "net.ipv4.ip_local_port_range",
                values.getOrDefault(NamespaceSysctl.IP_LOCAL_PORT_RANGE.key(), "?"), "the ephemeral ports connect() picks"
                + " from (even ports first)"));
        String reserved = values.getOrDefault(NamespaceSysctl.IP_LOCAL_RESERVED_PORTS.key(), "");
        findings.add(Finding.info("sysctls", "net.ipv4.ip_local_reserved_ports", reserved.isEmpty() ? "(none)" : reserved,
                "taken out of the ephemeral range"));
        for (String key : List.of(NamespaceSysctl.TCP_RFC1337.key(), NamespaceSysctl.IP_AUTOBIND_REUSE.key(),
                NamespaceSysctl.TCP_MIGRATE_REQ.key())) {
            if (values.containsKey(key)) {
                findings.add(Finding.info("sysctls", key, values.get(key), ""));
            }
        }
        for (String key : GLOBAL_SYSCTLS) {
            if (values.containsKey(key)) {
                findings.add(Finding.info("sysctls", key, values.get(key), "global (or host-wide): the lab never changes it"));
            }
        }
    }

    private static void limits(List<Finding> findings) {
        Map<String, Long> files = openFileLimits();
        long hard = files.getOrDefault("hard", -1L);
        String value = "soft " + files.getOrDefault("soft", -1L) + ", hard " + (hard < 0 ? "unlimited" : hard);
        findings.add(hard >= 0 && hard < 65_536
                ? Finding.warn("limits", "open files", value, "each connection in flight is a descriptor: raise the hard"
                        + " limit (ulimit -Hn, /etc/security/limits.conf) to run with a large --max-in-flight")
                : Finding.ok("limits", "open files", value, "the JVM raises its soft limit to the hard one"));
    }

    private static void capacity(List<Finding> findings, PortCapacity c, CapacityPrediction atReference) {
        findings.add(Finding.info("capacity", "ephemeral ports", Integer.toString(c.ports()), ""));
        findings.add(Finding.info("capacity", "client-first, one destination",
                atReference.portsLimitRate() ? String.format(Locale.ROOT, "about %.0f new connections/s",
                        atReference.sustainableCps()) : "not limited by the ports",
                atReference.exhaustionSeconds() == null
                        ? String.format(Locale.ROOT, "at %.0f/s the ports last (plan --rate %.0f says the same)",
                                REFERENCE_RATE_CPS, REFERENCE_RATE_CPS)
                        : String.format(Locale.ROOT, "at %.0f/s connect() slows after %.1f s (the even ports all in"
                                + " TIME_WAIT) and the ports run out after %.1f s at the earliest (plan --rate %.0f): turn"
                                + " on tcp_tw_reuse, widen the port range, add source addresses or destination ports, or"
                                + " let the server close first", REFERENCE_RATE_CPS, atReference.connectSlowsSeconds(),
                                atReference.exhaustionSeconds(), REFERENCE_RATE_CPS)));
        findings.add(Finding.info("capacity", "client-first, one destination, no reuse",
                String.format(Locale.ROOT, "about %.0f new connections/s", c.sustainableWithoutReuseCps()),
                "ports / 60 s"));
        findings.add(Finding.info("capacity", "client-first, one destination, tcp_tw_reuse=1",
                String.format(Locale.ROOT, "about %.0f new connections/s", c.sustainableWithReuseCps()),
                c.reuseBetweenHosts() ? "ports / tcp_tw_reuse_delay: in effect here"
                        : "ports / tcp_tw_reuse_delay: not in effect here (tcp_tw_reuse is not 1, or timestamps are off)"));
        findings.add(Finding.info("capacity", "TIME_WAIT bucket limit",
                String.format(Locale.ROOT, "reached above %.0f new connections/s", c.timeWaitOverflowAboveCps()),
                "tcp_max_tw_buckets / 60 s, on the side that closes first"));
    }

    private static int[] portRange(Map<String, String> sysctls) {
        String[] range = sysctls.getOrDefault(NamespaceSysctl.IP_LOCAL_PORT_RANGE.key(), "32768 60999").split(" ");
        return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
    }

    /**
     * The capacity model's inputs for this host: its own sysctls on both ends, client-first to one
     * destination at {@link #REFERENCE_RATE_CPS}, as {@code plan --rate 2000} with no other flag.
     */
    private static CapacityInputs hostInputs(Map<NamespaceSysctl, String> host) {
        return CapacityInputs.builder().sysctls(host, host, null).rateCps(REFERENCE_RATE_CPS)
                .loadSeconds(CapacityModel.TIME_WAIT_SECONDS).build();
    }

    /** "Max open files" of this process: soft and hard (-1 for unlimited, as doctor --json has always said). */
    static Map<String, Long> openFileLimits() {
        Map<String, Long> limits = new LinkedHashMap<>();
        try {
            FileLimits files = FileLimits.ofThisProcess();
            limits.put("soft", files.soft() == FileLimits.UNLIMITED ? -1 : files.soft());
            limits.put("hard", files.hard() == FileLimits.UNLIMITED ? -1 : files.hard());
        } catch (IOException | RuntimeException e) {
            // leave it empty: reported as unknown
        }
        return limits;
    }

    private static Optional<String> readSysctl(String key) {
        try {
            return Optional.of(ProcFiles.read(Path.of("/proc/sys", key.replace('.', '/'))).strip().replaceAll("\\s+", " "));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int[] kernelVersion(String release) {
        String[] parts = release.split("[.-]");
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (RuntimeException e) {
            return new int[] {0, 0};
        }
    }

    private static void print(PrintWriter out, List<Finding> findings) {
        String area = "";
        for (Finding f : findings) {
            if (!f.area().equals(area)) {
                area = f.area();
                out.printf("%n%s%n", area);
            }
            out.printf("  %-4s %-44s %s%n", f.status(), f.check(), f.value());
            if (!f.suggestion().isEmpty()) {
                out.printf("       %-44s -> %s%n", "", f.suggestion());
            }
        }
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }
}

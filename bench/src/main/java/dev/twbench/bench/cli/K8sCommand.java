package dev.twbench.bench.cli;

import dev.twbench.bench.k8s.ClusterRun;
import dev.twbench.bench.k8s.K8sManifests;
import dev.twbench.bench.k8s.ManifestFiles;
import dev.twbench.bench.k8s.PodSysctls;
import dev.twbench.bench.k8s.SharedToken;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code k8s}: the manifests that run one twbench run on Kubernetes, a server pod and N client
 * pods driven by an orchestrator pod. Everything is checked before anything is written.
 */
@Command(name = "k8s", sortOptions = false, mixinStandardHelpOptions = true,
        headerHeading = "", header = "Write Kubernetes manifests that run the load from N client pods against a server pod.",
        description = {
                "Writes one YAML file per object into --out, numbered in the order to apply them:",
                "  01-secret-twbench-token.yaml       the shared token (key 'token'), mounted read-only at",
                "                                     /etc/twbench in every pod; readable by you only",
                "  02-service-twbench-server.yaml     headless: port 7070 (control) and the run's server ports",
                "  03-deployment-twbench-server.yaml  the server agent, one replica",
                "  04-service-twbench-clients.yaml    headless, the client pods' subdomain",
                "  05-job-twbench-client.yaml         the client agents: an Indexed Job of N pods, pod i reached",
                "                                     as twbench-client-i.twbench-clients (client-(i+1) in the",
                "                                     results); each serves one run (--runs 1), then completes",
                "  06-job-twbench-run.yaml            the orchestrator: run --server-agent twbench-server:7070",
                "                                     --client-agent ... --agent-wait 300s --out /results and",
                "                                     your run options (see run --help), as given",
                "Every pod runs java -jar /opt/twbench/benchmarks.jar from --image, built from the repository's",
                "Dockerfile outside this project's CI. The run's summary is the orchestrator Job's log",
                "(kubectl logs job/twbench-run); its folder goes to /results, an emptyDir that vanishes with",
                "the pod unless --results-claim names a PersistentVolumeClaim.",
                "",
                "Sysctls: --sysctl, --client-sysctl and --server-sysctl become the pods' securityContext.sysctls",
                "(client ones in the client pods, server ones in the server pod), not options of the run. A pod",
                "can set only namespaced sysctls: the net.ipv4 ones run takes, and kernel.shm*, kernel.msg*,",
                "kernel.sem; anything else is refused. Kubernetes' safe set works on any node:",
                "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,",
                "net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports,",
                "net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,",
                "net.ipv4.tcp_keepalive_probes (and tcp_rmem, tcp_wmem from Kubernetes 1.32). Any other",
                "(tcp_tw_reuse, tcp_timestamps, tcp_max_tw_buckets, ...) is unsafe: its pods start only on nodes",
                "whose kubelet has it in --allowed-unsafe-sysctls; a note names the unsafe ones used.",
                ""},
        footer = {"", "Examples:",
                "  k8s --clients 3 --image REGISTRY/twbench:0.1 --rate 300 --duration 30s --out k8s/",
                "  k8s --clients 10 --image REGISTRY/twbench:0.1 --namespace bench --results-claim twbench-results \\",
                "      --rate 2000 --client-sysctl net.ipv4.ip_local_port_range=\"40000 44999\"",
                "Then: docker build -t REGISTRY/twbench:0.1 . && docker push REGISTRY/twbench:0.1",
                "      kubectl apply -f k8s/ && kubectl logs -f job/twbench-run",
                "      kubectl delete -f k8s/   (Jobs cannot be changed: delete them before applying new ones)",
                "",
                "Exit codes: 0 written, 1 could not write, 2 bad input (nothing written)."})
final class K8sCommand implements Callable<Integer> {
    /** What k8s itself gives the orchestrator: the same options among the run's would contradict it. */
    private static final List<String> SET_BY_K8S = List.of("--server-agent", "--client-agent", "--agent-wait");

    @Spec
    private CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", required = true,
            description = "client pods, one client agent each (1 to " + ClusterRun.MAX_CLIENTS + ")")
    private String clients;

    @Option(names = "--image", paramLabel = "IMAGE", required = true,
            description = "the image every pod runs, built from the repository's Dockerfile, e.g. REGISTRY/twbench:0.1")
    private String image;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "k8s",
            description = "where the YAML files go (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "the namespace of every object (default: none set, kubectl's current one)")
    private String namespace;

    @Option(names = "--results-claim", paramLabel = "NAME",
            description = "a PersistentVolumeClaim for /results (default: an emptyDir, gone with the pod; the summary"
                    + " stays in the Job's log)")
    private String resultsClaim;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "the shared secret (at least " + SharedToken.MIN_CHARS + " characters) to put in the Secret"
                    + " (default: 32 random bytes, as hex)")
    private Path tokenFile;

    @Unmatched
    private List<String> runArgs = new ArrayList<>();

    @Override
    public Integer call() {
        ClusterRun run = clusterRun();
        List<Path> written;
        try {
            written = ManifestFiles.write(K8sManifests.of(run), out);
        } catch (IOException e) {
            spec.commandLine().getErr().println("twbench: the manifests could not be written to " + out + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            return Cli.EXIT_FAILED;
        }
        PrintWriter console = spec.commandLine().getOut();
        written.forEach(console::println);
        SortedSet<String> unsafe = run.sysctls().unsafe();
        if (!unsafe.isEmpty()) {
            console.println("note: Kubernetes counts " + String.join(", ", unsafe) + " as unsafe: the pods start only"
                    + " on nodes whose kubelet lists them in --allowed-unsafe-sysctls");
        }
        return 0;
    }

    /** Every value checked, the run's options as run parses them. */
    private ClusterRun clusterRun() {
        int clientCount = Flags.intIn("--clients", clients, 1, ClusterRun.MAX_CLIENTS);
        SysctlArgs args = SysctlArgs.split(runArgs);
        for (String arg : args.others()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (SET_BY_K8S.contains(name)) {
                throw InvalidScenarioException.of("run option", arg, "k8s sets it: the orchestrator reaches the"
                        + " agents by their pods' names");
            }
        }
        PodSysctls sysctls = PodSysctls.parse(args.both(), args.client(), args.server());
        Scenario scenario = RunOptions.parse(args.others());
        String token = tokenFile == null ? SharedToken.generate() : SharedToken.read(tokenFile);
        long plannedMs = scenario.warmupMs() + scenario.durationMs() + (scenario.drain() ? Scenario.DRAIN_LIMIT_MS : 0);
        return new ClusterRun(clientCount, image, Optional.ofNullable(namespace), Optional.ofNullable(resultsClaim),
                token, args.others(), scenario.serverPort(), scenario.serverPorts(), sysctls, plannedMs);
    }
}

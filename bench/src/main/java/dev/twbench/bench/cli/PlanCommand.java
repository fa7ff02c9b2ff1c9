package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityModel;
import dev.twbench.analysis.capacity.CapacityPrediction;
import dev.twbench.analysis.capacity.FleetAdvisor;
import dev.twbench.analysis.capacity.FleetPlan;
import dev.twbench.analysis.capacity.ModelCheck;
import dev.twbench.analysis.capacity.NatAdvisor;
import dev.twbench.analysis.capacity.NatCheck;
import dev.twbench.analysis.capacity.NatModel;
import dev.twbench.analysis.capacity.NatPool;
import dev.twbench.analysis.capacity.NatPrediction;
import dev.twbench.analysis.capacity.NatPresets;
import dev.twbench.analysis.capacity.PlanAdvisor;
import dev.twbench.analysis.capacity.PredictionCheck;
import dev.twbench.analysis.report.ReportWriter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.TimeSeries;
import dev.twbench.loadgen.run.RunController;
import dev.twbench.loadgen.run.RunResult;
import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.CloseOrder;
import dev.twbench.loadgen.scenario.Durations;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code plan}: the capacity model as a calculator, and optionally a short run that checks it. */
@Command(name = "plan", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = false,
        headerHeading = "", header = "Predict TIME_WAIT and port exhaustion for a planned load, without running it.",
        description = {
                "Applies the capacity model (docs/kernel-facts.md, \"Capacity\", extended to the bind modes): the",
                "TIME_WAIT plateau per side, when the client's ports run out, the rate they sustain, and which",
                "changes would make the rate sustainable, each with its predicted effect; then the Fleet: how",
                "many client hosts the rate needs under each setting, and the server's and a NAT's limits, which no",
                "number of client hosts lifts (--client-hosts N for N hosts sharing the rate). --verify then runs the",
                "load in the lab and sets each prediction beside the measurement. It starts from this host's",
                "sysctls, as doctor reads them (--kernel-defaults for the kernel's own), with run's sysctl flags",
                "on top.",
                ""},
        footer = {"", "Examples:",
                "  plan --rate 5000 --close client-first --client-sysctl net.ipv4.tcp_tw_reuse=0",
                "  plan --rate 5000 --kernel-defaults --json",
                "  plan --rate 1000 --verify              # 28,232 connections, then EADDRNOTAVAIL",
                "  plan --rate 20000 --client-bind no-port --client-addresses 8 --server-ports 4",
                "  plan --request-rate 50000 --requests-per-connection 100   # 500 new connections/s",
                "  plan --rate 450 --client-hosts 3 --port-range 40000-40999 --tw-reuse 0   # 150/s per host",
                "",
                "Exit codes: 0 done (a --verify that disagrees still prints and exits 0), 1 the verification run",
                "could not be carried out, 2 bad input."})
final class PlanCommand implements Callable<Integer> {
    private static final long MAX_VERIFY_MS = 180_000;
    private static final int MAX_CLIENT_HOSTS = 100_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--rate", paramLabel = "CPS", defaultValue = "1000",
            description = "new connections per second (default: ${DEFAULT-VALUE})")
    private String rate;

    @Option(names = "--request-rate", paramLabel = "RPS",
            description = "requests per second, in place of --rate: the plan's new connections per second are"
                    + " RPS / --requests-per-connection, rounded up")
    private String requestRate;

    @Option(names = "--requests-per-connection", paramLabel = "N", defaultValue = "1",
            description = "HTTP requests each connection carries before its close; --verify then runs twbench's"
                    + " client with --protocol http1 (default: ${DEFAULT-VALUE})")
    private String requestsPerConnection;

    @Option(names = "--close", paramLabel = "ORDER", defaultValue = "client-first",
            description = "close order, as for run (default: ${DEFAULT-VALUE})")
    private String close;

    @Option(names = "--client-bind", paramLabel = "MODE", defaultValue = "none",
            description = "none, port0, no-port or range:LO-HI, as for run (default: ${DEFAULT-VALUE})")
    private String clientBind;

    @Option(names = "--client-addresses", paramLabel = "N", defaultValue = "1",
            description = "source addresses the client spreads over (needs a --client-bind) (default: ${DEFAULT-VALUE})")
    private String clientAddresses;

    @Option(names = "--server-ports", paramLabel = "N", defaultValue = "1",
            description = "destination ports (or backends) the client spreads over (default: ${DEFAULT-VALUE})")
    private String serverPorts;

    @Option(names = "--client-hosts", paramLabel = "N",
            description = "client hosts sharing --rate evenly (rate / N each), as a fleet run has them; the Fleet"
                    + " block then says whether N are enough and when each host runs out (default: the fewest that"
                    + " keep up)")
    private String clientHosts;

    @Mixin
    private PlanSysctls sysctls = new PlanSysctls();

    @Option(names = "--json", description = "print the plan as JSON (field names as in summary.json) instead of text")
    private boolean json;

    @Option(names = "--nat-ports", paramLabel = "N",
            description = "a NAT between client and server lending N source ports per address; without --nat-hold it"
                    + " is Linux conntrack, as measured in the NAT lab (run --nat-ports)")
    private String natPorts;

    @Option(names = "--nat-addresses", paramLabel = "K", defaultValue = "1",
            description = "the NAT's addresses (default: ${DEFAULT-VALUE})")
    private String natAddresses;

    @Option(names = "--nat-hold", paramLabel = "TIME",
            description = "how long the NAT keeps a port after its connection closed, e.g. 65s (a cloud NAT's"
                    + " timer); churn then sustains ports x addresses / hold")
    private String natHold;

    @Option(names = "--nat", paramLabel = "NAME",
            description = "a cloud NAT by its vendor's published figures, printed with their source: "
                    + "aws-natgw, azure-lb, azure-natgw, gcp-cloud-nat")
    private String natPreset;

    @Option(names = "--backend-pool-size", paramLabel = "VMS", defaultValue = "50",
            description = "--nat azure-lb: VMs in the backend pool, which sets the default ports per VM"
                    + " (default: ${DEFAULT-VALUE})")
    private String backendPoolSize;

    @Option(names = "--loopback", description = "the service talks over loopback, where tcp_tw_reuse=2 applies")
    private boolean loopback;

    @Option(names = "--verify", description = "run the load in the lab (two network namespaces) and compare")
    private boolean verify;

    @Option(names = "--verify-duration", paramLabel = "TIME",
            description = "length of the verification run (default: until a quarter past the predicted"
                    + " exhaustion, or 20s; at most 3m)")
    private String verifyDuration;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "where the verification run's folder goes (default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws Exception {
        // Validate every value as its sysctl or run option would be, so errors name this command's flags.
        PlanSysctls.Settled settings = sysctls.settle();
        int perConnection = Flags.intIn("--requests-per-connection", requestsPerConnection, 1, 1_000_000);
        if (requestRate != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--rate")) {
                throw InvalidScenarioException.of("--rate", rate, "goes instead of --request-rate: give one of them");
            }
            int requestsPerSecond = Flags.intIn("--request-rate", requestRate, 1, 1_000_000_000);
            rate = Long.toString((requestsPerSecond + (long) perConnection - 1) / perConnection);
        }
        if ("max".equals(rate)) {
            throw InvalidScenarioException.of("--rate", rate, "must be a number of connections per second: a plan"
                    + " needs a rate");
        }
        if (json && verify) {
            throw InvalidScenarioException.of("--json", "with --verify", "a verification prints as it runs: leave out"
                    + " --json, or --verify");
        }
        // A fleet's hosts are alike: --client-addresses and the sysctls are each host's.
        Integer hosts = clientHosts == null ? null : Flags.intIn("--client-hosts", clientHosts, 1, MAX_CLIENT_HOSTS);
        if (hosts != null && verify) {
            throw InvalidScenarioException.of("--client-hosts", clientHosts, "cannot be verified: the lab runs one"
                    + " client host; leave out --client-hosts to verify");
        }
        if (loopback && verify) {
            throw InvalidScenarioException.of("--loopback", "with --verify", "the lab runs between two namespaces over"
                    + " veth; leave out --loopback to verify");
        }
        // Parsed as the verification run would be: checks --rate, --close, --client-bind and how they combine.
        Scenario checked = RunOptions.parse(runArgs(settings, 20_000));

        Optional<NatPool> nat = nat();
        CapacityInputs in = settings.applyTo(CapacityInputs.builder())
                .closeOrder(CloseOrder.parse(close))
                .rateCps((double) Rate.parse(rate).perSecond())
                .loadSeconds(CapacityModel.TIME_WAIT_SECONDS)
                .clientBind(ClientBind.parse(clientBind))
                .clientAddresses(checked.clientAddresses())
                .serverPorts(checked.serverPorts())
                .loopback(loopback)
                // Behind Linux's NAT the server sees the NAT's mappings, not the client's ports.
                .natMappings(nat.filter(NatPool::linux).map(n -> n.mappingsFor(checked.clientAddresses())).orElse(0L))
                .build();
        CapacityPrediction prediction = CapacityModel.predict(in);
        FleetPlan fleet = hosts != null ? FleetPlan.of(in, hosts, nat.orElse(null))
                : FleetPlan.needed(in, nat.orElse(null));
        List<FleetAdvisor.Alternative> alternatives = FleetAdvisor.alternatives(in, hosts == null ? 0 : hosts,
                nat.orElse(null));
        // Without a host count the fleet is the fewest that keep up, so each host needs no change.
        List<PlanAdvisor.Change> perHostChanges = hosts == null ? List.of() : PlanAdvisor.advise(fleet.perHost().inputs());
        PrintWriter console = spec.commandLine().getOut();
        if (json) {
            console.println(Json.MAPPER.writeValueAsString(CapacityJson.plan(settings, in, prediction,
                    PlanAdvisor.advise(in), nat.map(pool -> CapacityJson.nat(pool, NatModel.predict(pool, in.rateCps(),
                            in.clientAddresses(), 0))), CapacityJson.fleet(fleet, hosts != null, alternatives,
                                    perHostChanges))));
            console.flush();
            return 0;
        }
        if (requestRate != null) {
            console.printf("%s requests/s at %d per connection: %s new connections/s%n%n", requestRate,
                    perConnection, rate);
        }
        console.println(settings.describe());
        if (!verify) {
            PlanPrinter.print(console, in, prediction, PlanAdvisor.advise(in));
            nat.ifPresent(pool -> printNat(console, pool, in, prediction));
            PlanPrinter.printFleet(console, fleet, hosts != null, alternatives, perHostChanges);
            return 0;
        }
        if (nat.isPresent() && !nat.get().linux()) {
            throw InvalidScenarioException.of(natPreset != null ? "--nat" : "--nat-hold",
                    natPreset != null ? natPreset : natHold, "cannot be verified: the lab's NAT is Linux conntrack,"
                            + " which takes over ports in TIME_WAIT; --verify checks --nat-ports without these");
        }
        long verifyMs = verifyDuration != null
                ? Durations.parseMs("--verify-duration", verifyDuration, 1_000, MAX_VERIFY_MS)
                : defaultVerifyMs(prediction);
        List<String> runArgs = runArgs(settings, verifyMs);
        Scenario scenario = RunOptions.parse(runArgs);
        OptionalInt inUserNamespace = Rootless.reexecIfNeeded(LabKind.NETNS,
                spec.root().commandLine().getParseResult().originalArgs());
        if (inUserNamespace.isPresent()) {
            return inUserNamespace.getAsInt();
        }
        PlanPrinter.print(console, in, prediction, PlanAdvisor.advise(in));
        nat.ifPresent(pool -> printNat(console, pool, in, prediction));
        PlanPrinter.printFleet(console, fleet, false, alternatives, perHostChanges);
        console.printf("%nVerifying: %s%n", String.join(" ", runArgs));
        console.flush();
        RunResult result = RunController.execute(scenario, new ConsoleReporter(console, scenario));
        CapacityInputs measuredWith = CapacityInputs.fromRunJson(Json.MAPPER.readTree(
                result.folder().runJson().toFile()));
        List<PredictionCheck> checks = new ArrayList<>(ModelCheck.compare(measuredWith, result.summary()));
        if (nat.isPresent()) {
            JsonNode runJson = Json.MAPPER.readTree(result.folder().runJson().toFile());
            checks.addAll(NatCheck.compare(nat.get(), measuredWith, NatCheck.openSeconds(runJson), result.summary(),
                    TimeSeries.read(result.folder().timeSeriesCsv())));
        }
        PlanPrinter.printChecks(console, checks);
        ReportFiles.writeAndSay(console, spec.commandLine().getErr(), () -> ReportWriter.forRun(result.folder().dir()));
        return RunCommand.exitCode(result.summary());
    }

    /** The {@code run} that measures this plan: the same settings on the client (and both sides where both matter). */
    private List<String> runArgs(PlanSysctls.Settled settings, long durationMs) {
        List<String> args = new ArrayList<>(List.of("--name", "plan-verify", "--out", out.toString(),
                "--close", close, "--rate", rate, "--duration", Durations.format(durationMs), "--no-drain",
                "--client-bind", clientBind, "--client-addresses", clientAddresses, "--server-ports", serverPorts));
        args.addAll(settings.runArgs());
        if (natPorts != null) {
            args.addAll(List.of("--nat-ports", natPorts, "--nat-addresses", natAddresses));
        }
        if (Flags.intIn("--requests-per-connection", requestsPerConnection, 1, 1_000_000) > 1) {
            // keep-alive is what the plan is about: verify it as HTTP
            args.addAll(List.of("--protocol", "http1", "--requests-per-connection", requestsPerConnection));
        }
        return args;
    }

    /** The NAT of --nat-ports or --nat, validated; empty without either. */
    private Optional<NatPool> nat() {
        int addresses = Flags.intIn("--nat-addresses", natAddresses, 1, Nat.MAX_ADDRESSES);
        if (natPreset != null) {
            if (natPorts != null || natHold != null) {
                throw InvalidScenarioException.of("--nat", natPreset, "brings its own ports and hold: leave out"
                        + " --nat-ports and --nat-hold, or --nat");
            }
            int vms = Flags.intIn("--backend-pool-size", backendPoolSize, 1, 1_000);
            return Optional.of(NatPresets.parse(natPreset).pool(addresses, vms));
        }
        if (natPorts == null) {
            if (natHold != null || spec.commandLine().getParseResult().hasMatchedOption("--nat-addresses")) {
                throw InvalidScenarioException.of(natHold != null ? "--nat-hold" : "--nat-addresses",
                        natHold != null ? natHold : natAddresses, "needs --nat-ports (or --nat)");
            }
            return Optional.empty();
        }
        int ports = Flags.intIn("--nat-ports", natPorts, 1, Nat.MAX_PORTS);
        if (natHold == null) {
            return Optional.of(NatPool.linux(ports, addresses));
        }
        long holdMs = Durations.parseMs("--nat-hold", natHold, 1_000, 86_400_000);
        return Optional.of(NatPool.generic(ports, addresses, holdMs / 1000.0));
    }

    private static void printNat(PrintWriter console, NatPool nat, CapacityInputs in, CapacityPrediction client) {
        NatPrediction p = NatModel.predict(nat, in.rateCps(), in.clientAddresses(), 0);
        PlanPrinter.printNat(console, nat, p, client, in.rateCps(), NatAdvisor.advise(nat, in.rateCps(),
                in.clientAddresses(), 0));
    }

    /** Long enough to see the ports run out if the model says they will, short otherwise. */
    static long defaultVerifyMs(CapacityPrediction p) {
        return p.exhaustionSeconds() == null ? 20_000
                : Math.min(MAX_VERIFY_MS, 1_000 * (long) Math.ceil(p.exhaustionSeconds() * 1.25 + 3));
    }
}

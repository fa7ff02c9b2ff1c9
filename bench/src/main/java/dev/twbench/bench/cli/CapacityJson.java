package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityPrediction;
import dev.twbench.analysis.capacity.FleetAdvisor;
import dev.twbench.analysis.capacity.FleetNat;
import dev.twbench.analysis.capacity.FleetPlan;
import dev.twbench.analysis.capacity.NatPool;
import dev.twbench.analysis.capacity.NatPrediction;
import dev.twbench.analysis.capacity.PlanAdvisor;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.scenario.Side;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capacity model's predictions as {@code plan --json} and {@code doctor --json} print them,
 * under summary.json's names for the same quantities: {@code targetRateCps},
 * {@code firstFailureSecond} (when connect() first fails), {@code timeWait.<side>.peak} (the
 * TIME_WAIT level at steady state), and for a NAT {@code nat.portsAvailable} and
 * {@code nat.firstDropSecond}. A prediction and the run that checks it read side by side.
 */
final class CapacityJson {
    private CapacityJson() {
    }

    /**
     * One prediction: {@code sustainableCps} is null where the client's ports do not limit the
     * rate (JSON has no infinity), {@code firstFailureSecond} null where they never run out.
     */
    static Map<String, Object> prediction(CapacityInputs in, CapacityPrediction p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("targetRateCps", in.rateCps());
        json.put("portPool", p.portPool());
        json.put("sustainableCps", p.portsLimitRate() ? p.sustainableCps() : null);
        json.put("firstFailureSecond", p.exhaustionSeconds());
        json.put("connectSlowsSecond", p.connectSlowsSeconds());
        Map<String, Object> timeWait = new LinkedHashMap<>();
        for (Side side : Side.ENDS) {
            CapacityPrediction.Level level = p.plateau().get(side);
            Map<String, Object> peak = new LinkedHashMap<>();
            peak.put("peak", level.sockets());
            peak.put("limit", level.limit());
            timeWait.put(side.label(), peak);
        }
        json.put("timeWait", timeWait);
        json.put("verdict", PlanAdvisor.Verdict.of(in, p).label());
        json.put("reasoning", p.reasoning());
        return json;
    }

    /** {@code plan --json}: the settings it assumed, the inputs, the prediction, the changes, the NAT and the fleet. */
    static Map<String, Object> plan(PlanSysctls.Settled settings, CapacityInputs in, CapacityPrediction p,
            List<PlanAdvisor.Change> changes, Optional<Map<String, Object>> nat, Map<String, Object> fleet) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settingsFrom", settings.fromHost() ? "host" : "kernel-defaults");
        json.put("sysctls", settings.asJson());
        json.put("inputs", inputs(in));
        json.putAll(prediction(in, p));
        json.put("changes", changes(changes));
        nat.ifPresent(n -> json.put("nat", n));
        json.put("fleet", fleet);
        return json;
    }

    /** Each change with its prediction, without the reasoning. */
    private static List<Map<String, Object>> changes(List<PlanAdvisor.Change> changes) {
        return changes.stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("change", c.change());
            change.putAll(prediction(c.inputs(), c.prediction()));
            change.remove("reasoning");
            return change;
        }).toList();
    }

    /**
     * {@code plan --json}'s {@code fleet}: {@code targetRateCps} is the fleet's total,
     * {@code perHostRateCps} each host's share; {@code perHost} one host at it
     * ({@code firstFailureSecond} when its ports run out; its {@code sustainableCps} by the ports
     * alone, null where they do not limit it); {@code timeWait.server} the server under the whole
     * fleet, with {@code overflowAboveCps}, the fleet rate above which it overflows whatever the
     * number of hosts; {@code hostsNeeded} null where no number of hosts keeps up.
     *
     * @param hostsGiven the host count was given ({@code clientHostsFrom: given}), not the fewest needed
     */
    static Map<String, Object> fleet(FleetPlan fleet, boolean hostsGiven, List<FleetAdvisor.Alternative> alternatives,
            List<PlanAdvisor.Change> perHostChanges) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("targetRateCps", fleet.inputs().rateCps());
        json.put("clientHosts", fleet.clientHosts());
        json.put("clientHostsFrom", hostsGiven ? "given" : "needed");
        json.put("perHostRateCps", fleet.perHost().rateCps());
        json.put("hostsNeeded", fleet.hostsNeeded() == 0 ? null : fleet.hostsNeeded());
        json.put("verdict", fleet.verdict().label());
        FleetPlan.PerHost host = fleet.perHost();
        Map<String, Object> perHost = new LinkedHashMap<>();
        perHost.put("portPool", host.prediction().portPool());
        perHost.put("sustainableCps", finiteOrNull(host.sustainableCps()));
        perHost.put("firstFailureSecond", host.runsOutSeconds());
        perHost.put("connectSlowsSecond", host.prediction().connectSlowsSeconds());
        Map<String, Object> client = level(host.clientTimeWait(), host.inputs().clientMaxTwBuckets(),
                host.clientOverflows());
        perHost.put("timeWait", Map.of("client", client));
        json.put("perHost", perHost);
        json.put("timeWait", Map.of("server", server(fleet.server())));
        if (fleet.nat() != null) {
            FleetNat nat = fleet.nat();
            Map<String, Object> natJson = new LinkedHashMap<>();
            natJson.put("portsPerHost", nat.perHost());
            natJson.put("rateCps", nat.rateCps());
            natJson.put("hostsNeeded", nat.hostsNeeded());
            natJson.putAll(nat(nat.pool(), nat.prediction()));
            natJson.remove("reasoning");
            json.put("nat", natJson);
        }
        json.put("alternatives", alternatives.stream().map(a -> {
            Map<String, Object> alternative = new LinkedHashMap<>();
            alternative.put("change", a.change().change());
            alternative.put("hostsNeeded", a.plan().hostsNeeded() == 0 ? null : a.plan().hostsNeeded());
            alternative.put("perHostSustainableCps", finiteOrNull(a.plan().perHost().sustainableCps()));
            alternative.put("clientHosts", a.plan().clientHosts());
            alternative.put("verdict", a.plan().verdict().label());
            alternative.put("timeWait", Map.of("server", server(a.plan().server())));
            return alternative;
        }).toList());
        json.put("perHostChanges", changes(perHostChanges));
        json.put("reasoning", fleet.reasoning());
        return json;
    }

    private static Map<String, Object> server(FleetPlan.ServerTimeWait server) {
        Map<String, Object> json = level(new CapacityPrediction.Level(server.timeWaitSockets(), server.limit()),
                server.maxTwBuckets(), server.overflows());
        json.put("holdsTimeWait", server.holdsTimeWait());
        json.put("overflowAboveCps", server.overflowAboveCps());
        return json;
    }

    /** A steady-state level without tcp_max_tw_buckets, beside the limit. */
    private static Map<String, Object> level(CapacityPrediction.Level level, long maxTwBuckets, boolean overflows) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peak", level.sockets());
        json.put("limit", level.limit());
        json.put("maxTwBuckets", maxTwBuckets);
        json.put("overflows", overflows);
        return json;
    }

    /** JSON has no infinity: null where ports do not limit the rate. */
    private static Double finiteOrNull(double cps) {
        return Double.isFinite(cps) ? cps : null;
    }

    /** The model's inputs by their record names, the close order and bind mode spelt as run.json spells them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inputs(CapacityInputs in) {
        Map<String, Object> json = new LinkedHashMap<>(Json.MAPPER.convertValue(in, Map.class));
        json.put("closeOrder", in.closeOrder().label());
        json.put("clientBind", in.clientBind().toString());
        return json;
    }

    /** A NAT's prediction, under summary.json's {@code nat} names. */
    static Map<String, Object> nat(NatPool pool, NatPrediction p) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", pool.name());
        json.put("measuredOnLinux", pool.linux());
        json.put("portsAvailable", p.pool());
        json.put("sustainableCps", p.sustainableCps());
        json.put("firstDropSecond", p.runsOutSeconds());
        json.put("portsReusedSecond", p.reuseStartsSeconds());
        json.put("reasoning", p.reasoning());
        return json;
    }
}

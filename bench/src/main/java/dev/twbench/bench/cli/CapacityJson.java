package dev.twbench.bench.cli;

import dev.twbench.analysis.capacity.CapacityInputs;
import dev.twbench.analysis.capacity.CapacityPrediction;
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

    /** {@code plan --json}: the settings it assumed, the inputs, the prediction, the changes and the NAT. */
    static Map<String, Object> plan(PlanSysctls.Settled settings, CapacityInputs in, CapacityPrediction p,
            List<PlanAdvisor.Change> changes, Optional<Map<String, Object>> nat) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settingsFrom", settings.fromHost() ? "host" : "kernel-defaults");
        json.put("sysctls", settings.asJson());
        json.put("inputs", inputs(in));
        json.putAll(prediction(in, p));
        json.put("changes", changes.stream().map(c -> {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("change", c.change());
            change.putAll(prediction(c.inputs(), c.prediction()));
            change.remove("reasoning");
            return change;
        }).toList());
        nat.ifPresent(n -> json.put("nat", n));
        return json;
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

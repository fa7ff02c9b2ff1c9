package dev.twbench.loadgen.run;

import dev.twbench.loadgen.scenario.AgentCpus;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.CpuList;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each agent runs: the CPUs {@code --agent-cpus} gives it, as the command prefix that pins
 * it ({@code taskset -c LIST}, which sets the affinity and execs the JVM in place, so the pid
 * stays the agent's). Checked before anything is created.
 *
 * <pre>{@code
 * AgentPlacement placement = AgentPlacement.of(scenario);      // bad lists: InvalidScenarioException
 * AgentProcess.launch(lab, Side.CLIENT, log, placement.wrapper(Side.CLIENT));   // [taskset, -c, 0] or []
 * }</pre>
 */
record AgentPlacement(Map<Side, Optional<CpuList>> cpus) {
    AgentPlacement {
        cpus = Map.copyOf(cpus);
    }

    /**
     * @throws InvalidScenarioException explicit lists with a CPU this process may not use, or
     *         without {@code taskset} to pin with
     */
    static AgentPlacement of(Scenario scenario) {
        CpuList allowed;
        try {
            allowed = CpuList.allowedToThisProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AgentCpus asked = scenario.agentCpus();
        Map<Side, Optional<CpuList>> cpus = new EnumMap<>(Side.class);
        for (Side side : Side.ENDS) {
            Optional<CpuList> list = asked.forSide(side, allowed);
            if (list.isPresent() && !allowed.containsAll(list.get())) {
                throw InvalidScenarioException.of("--agent-cpus", asked.label(),
                        "must use only the CPUs this process may run on (" + allowed + ")");
            }
            cpus.put(side, list);
        }
        boolean pins = cpus.values().stream().anyMatch(Optional::isPresent);
        if (pins && !tasksetInstalled()) {
            if (asked instanceof AgentCpus.Lists) {
                throw InvalidScenarioException.of("--agent-cpus", asked.label(),
                        "needs taskset (apt-get install util-linux), or use --agent-cpus none");
            }
            cpus.replaceAll((side, list) -> Optional.empty()); // split is a default: unpinned rather than refused
        }
        return new AgentPlacement(cpus);
    }

    /** What the agent's JVM is started through: {@code taskset -c LIST}, or nothing when it is not pinned. */
    List<String> wrapper(Side side) {
        return cpus.get(side).map(list -> List.of("taskset", "-c", list.toString())).orElse(List.of());
    }

    private static boolean tasksetInstalled() {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "taskset"))) {
                return true;
            }
        }
        return false;
    }
}

package dev.twbench.loadgen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.record.RunOutcome;
import dev.twbench.loadgen.scenario.AgentCpus;
import dev.twbench.loadgen.scenario.Rate;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.sys.CpuList;
import dev.twbench.loadgen.sys.ProcFiles;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --agent-cpus, as the kernel sees it: each agent's own affinity, read from /proc while it runs. */
class AgentPlacementTest {
    @TempDir
    Path out;

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    @Test
    void splitRunsEachAgentOnItsOwnHalfOfTheCpus() throws Exception {
        CpuList mine = CpuList.allowedToThisProcess();
        assumeTrue(mine.cpus().size() >= 2, "one CPU: there is nothing to split");
        Map<Side, CpuList> seen = agentAffinity(Scenario.builder().agentCpus(AgentCpus.parse("split")));
        assertEquals(mine.split(2).get(0), seen.get(Side.CLIENT), "the client on the first half");
        assertEquals(mine.split(2).get(1), seen.get(Side.SERVER), "the server on the second half");
    }

    @Test
    void byDefaultBothAgentsMayRunOnEveryCpuThisProcessMayUse() throws Exception {
        CpuList mine = CpuList.allowedToThisProcess();
        Map<Side, CpuList> seen = agentAffinity(Scenario.builder());
        assertEquals(mine, seen.get(Side.CLIENT));
        assertEquals(mine, seen.get(Side.SERVER));
    }

    @Test
    void explicitListsPinEachAgentWhereTheySay() throws Exception {
        assumeTrue(CpuList.allowedToThisProcess().cpus().contains(0), "needs CPU 0");
        Map<Side, CpuList> seen = agentAffinity(Scenario.builder().agentCpus(AgentCpus.parse("0:0")));
        assertEquals(CpuList.parse("0"), seen.get(Side.CLIENT));
        assertEquals(CpuList.parse("0"), seen.get(Side.SERVER));
    }

    /** Runs a short load and reads both agents' Cpus_allowed_list once the lab is ready. */
    private Map<Side, CpuList> agentAffinity(Scenario.Builder scenario) throws Exception {
        Map<Side, CpuList> seen = new EnumMap<>(Side.class);
        RunListener listener = new RunListener() {
            @Override
            public void labReady(LabReady lab) {
                try {
                    var run = Json.MAPPER.readTree(lab.folder().runJson().toFile());
                    for (Side side : Side.ENDS) {
                        long pid = run.at("/lab/" + side.label() + "/agentPid").asLong();
                        String status = ProcFiles.read(Path.of("/proc", Long.toString(pid), "status"));
                        String list = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst()
                                .orElseThrow().substring("Cpus_allowed_list:".length()).strip();
                        seen.put(side, CpuList.parse(list));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
        RunResult result = RunController.execute(scenario.rate(Rate.perSecond(50)).durationMs(300).warmupMs(0)
                .drain(false).outDir(out).build(), listener);
        assertEquals(RunOutcome.Kind.COMPLETED, result.summary().outcome().kind());
        assertEquals(2, seen.size(), "both agents read");
        return seen;
    }
}

package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import dev.twbench.loadgen.scenario.Scenario;
import dev.twbench.loadgen.sweep.Matrix;
import dev.twbench.loadgen.sweep.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanFileTest {
    private static final Matrix.RunOptionNames NAMES = RunOptions.optionNames(RunOptions.spec());

    @ParameterizedTest
    @ValueSource(strings = {"tw-reuse-vs-close.yaml", "fin-timeout-myth.json"})
    void shippedPlansExpandIntoValidScenarios(String plan) {
        PlanFile p = PlanFile.read(Path.of("..", "plans", plan));
        List<Variant> variants = Matrix.expand(p.axes(), NAMES);
        assertTrue(variants.size() >= 2);
        for (Variant v : variants) {
            List<String> args = new ArrayList<>(p.runArgs());
            args.addAll(v.runArgs());
            Scenario s = RunOptions.parse(args);
            assertTrue(s.durationMs() > 0);
        }
    }

    @Test
    void twReuseVsCloseIsTheSixCellsOfTheIssue() {
        PlanFile p = PlanFile.read(Path.of("..", "plans", "tw-reuse-vs-close.yaml"));
        List<Variant> variants = Matrix.expand(p.axes(), NAMES);
        assertEquals(6, variants.size());
        assertEquals("01-c.tcp_tw_reuse-0_close-client-first", variants.get(0).name());
        assertEquals(List.of("--client-sysctl", "net.ipv4.tcp_tw_reuse=0", "--close", "client-first"),
                variants.get(0).runArgs());
        Scenario first = RunOptions.parse(concat(p.runArgs(), variants.get(0).runArgs()));
        assertEquals(2000, first.rate().perSecond());
        assertEquals(20_000, first.durationMs());
        assertTrue(!first.drain());
    }

    @Test
    void unknownKeyIsRefusedByName(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("p.yaml"), "name: x\nvarry:\n  close: [client-first]\n");
        InvalidScenarioException e = assertThrows(InvalidScenarioException.class, () -> PlanFile.read(plan));
        assertTrue(e.getMessage().contains("unknown key 'varry'"), e.getMessage());
    }

    @Test
    void runOptionsThePlanCannotShareAreRefused(@TempDir Path dir) throws Exception {
        Path plan = Files.writeString(dir.resolve("p.json"), "{\"run\": {\"out\": \"/tmp\"}, \"vary\": {\"close\": [\"client-first\"]}}");
        assertThrows(InvalidScenarioException.class, () -> PlanFile.read(plan));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

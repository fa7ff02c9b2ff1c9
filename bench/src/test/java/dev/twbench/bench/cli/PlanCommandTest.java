package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code plan}: the capacity model as a calculator, and {@code --verify} against the kernel. */
class PlanCommandTest {
    private static final Pattern SUSTAINABLE = Pattern.compile("sustainable rate\\s+about ([\\d,]+) new connections/s");
    private static final Pattern MEASURED_EXHAUSTION = Pattern.compile(
            "client ports run out \\(first failure\\)\\s+predicted ([\\d.]+) s\\s+measured ([\\d.]+) s");

    @TempDir
    Path out;

    @Test
    void defaultPortRangeClientFirstOneDestinationWithoutReuseSustainsAbout470PerSecond() {
        InProcessCli r = InProcessCli.execute("plan", "--rate", "5000", "--close", "client-first", "--port-range",
                "32768-60999", "--client-addresses", "1", "--server-ports", "1", "--tw-reuse", "0");
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = SUSTAINABLE.matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(470, Integer.parseInt(m.group(1).replace(",", "")), 1, r.out());
        assertTrue(r.out().contains("ports run out after    5.6 s"), r.out());
        assertTrue(r.out().contains("set net.ipv4.tcp_tw_reuse=1 on the client: enough"), r.out());
        assertTrue(r.out().contains("spread over 11 server ports (or backends): enough"), r.out());
        assertTrue(r.out().contains("widen net.ipv4.ip_local_port_range to 1024 65535: not enough"), r.out());
    }

    @Test
    void aSustainableRateNeedsNoChanges() {
        InProcessCli r = InProcessCli.execute("plan", "--rate", "400");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("never, at this rate") && !r.out().contains("Changes for"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--rate|max|a plan needs a rate",
            "--rate|-5|--rate",
            "--port-range|60999-32768|--port-range",
            "--tw-reuse|3|--tw-reuse",
            "--timestamps|maybe|must be on or off",
            "--close|client-last|--close",
            "--client-addresses|4|--client-bind"})
    void badValuesAreOneLineExitTwo(String flag, String value, String named) {
        InProcessCli r = InProcessCli.execute("plan", flag, value);
        assertEquals(2, r.exitCode(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.toString());
        assertTrue(r.err().contains(value) && r.err().contains(named), r.toString());
    }

    @Test
    @ResourceLock(LoadLock.CPU)
    void verifyAtOneThousandPerSecondMeasuresExhaustionAtAbout28Seconds() {
        LabRequirements.assumeNamespaceLab();
        InProcessCli r = InProcessCli.execute("plan", "--rate", "1000", "--tw-reuse", "0", "--verify", "--out",
                out.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = MEASURED_EXHAUSTION.matcher(r.out());
        assertTrue(m.find(), r.out());
        double predicted = Double.parseDouble(m.group(1));
        double measured = Double.parseDouble(m.group(2));
        assertEquals(28.2, predicted, 0.05, "28232 ports / 1000 per second");
        assertEquals(predicted, measured, predicted * 0.10, r.out());
    }
}

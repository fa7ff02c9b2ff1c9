package dev.twbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** twbench's two additions to JMH's command line; the rest must reach JMH untouched. */
class JmhArgumentsTest {
    @Test
    void profTimewaitNamesTwbenchsProfilerAndNoIsolationIsTakenOut() {
        JmhArguments a = JmhArguments.parse(new String[] {"Cycle", "-prof", "timewait", "--no-isolation", "-f", "1"});
        assertEquals(List.of("Cycle", "-prof", TimeWaitProfiler.class.getName(), "-f", "1"), a.jmh());
        assertFalse(a.isolate());
        assertFalse(a.runsNothing());
    }

    @Test
    void otherProfilersAndOptionsPassThrough() {
        JmhArguments a = JmhArguments.parse(new String[] {"-prof", "gc", "-prof", "timewait:x=1", "-rf", "json"});
        assertEquals(List.of("-prof", "gc", "-prof", TimeWaitProfiler.class.getName() + ":x=1", "-rf", "json"), a.jmh());
        assertTrue(a.isolate());
    }

    @Test
    void listingAndHelpRunNothingSoNeedNoNamespace() {
        for (String flag : List.of("-l", "-h", "-lprof", "-lrf")) {
            assertTrue(JmhArguments.parse(new String[] {flag}).runsNothing(), flag);
        }
        assertFalse(JmhArguments.parse(new String[] {"-v", "EXTRA", "Cycle"}).runsNothing(), "-v is verbosity, not a list");
    }
}

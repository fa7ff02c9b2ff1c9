package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.lab.FreshNamespace;
import dev.twbench.loadgen.record.Json;
import dev.twbench.loadgen.run.LoadLock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code doctor} on a host with half a million TIME_WAIT sockets: a namespace of the test's own
 * (DoctorAtScale) holds 500,000, 12,500 towards each of 40 destinations, and doctor must name
 * each destination with its exact count, the process holding its open connections, and, during a
 * watch, the rate of the one destination that is being connected to. How fast doctor reads them
 * is scripts/doctor-at-scale.sh's to measure, not this test's.
 */
@ResourceLock(LoadLock.CPU)
class DoctorHostTest {
    private static final int COUNT = 500_000;
    private static final int WATCHED = 3_000;
    private static final int PER_DESTINATION = COUNT / DoctorAtScale.PORTS;

    @Test
    void doctorNamesEachDestinationOfHalfAMillionTimeWaitWithItsCountOwnerAndRate() throws Exception {
        LabRequirements.assumeNamespaceLab();
        Map<String, String> lines = runDriver();
        long sockstat = Long.parseLong(lines.get("tw"));
        JsonNode host = Json.MAPPER.readTree(lines.get("doctor")).get("host");
        JsonNode sockets = host.get("sockets");

        // Every connection entered TIME_WAIT once, on the client (TcpExt TW is exact). A few of
        // them (124 of 300,000 once) are reset out of it while the half million are made, and on a
        // slow machine the first ones may reach their 60 s while doctor reads: the level is what
        // sockstat said just before doctor and just after, and doctor's count lies between.
        assertEquals(COUNT, host.at("/counters/twEnteredCount").asLong(), "one TIME_WAIT per connection");
        long after = Long.parseLong(lines.get("twAfter"));
        assertTrue(after <= sockstat, "no TIME_WAIT was added while doctor read: " + sockstat + " then " + after);
        if (Long.parseLong(lines.get("firstAgeMs")) < 58_000) {
            assertEquals(sockstat, after, "none had reached 60 s, so none left while doctor read");
            assertTrue(sockstat > COUNT * 99L / 100, sockstat + " of " + COUNT + " still in TIME_WAIT");
        }
        // The table is read in chunks while the kernel may still reset a straggler out of TIME_WAIT,
        // which can shift the walk by one socket (once 499,504 read for 499,505 counted).
        long read = sockets.get("timeWaitSockets").asLong();
        long slack = COUNT / 10_000;
        assertTrue(read >= after - slack && read <= sockstat + slack, "doctor read " + read + " of " + sockstat
                + " before and " + after + " after");
        assertEquals(sockstat, host.at("/counters/timeWaitSockets").asLong());
        assertEquals(read, sockets.get("outgoingTimeWait").asLong(), "the client closed first, every time");
        assertEquals(0, sockets.get("incomingTimeWait").asLong());
        assertEquals(DoctorAtScale.PORTS, sockets.get("destinations").size());
        long outgoing = 0;
        for (JsonNode d : sockets.get("destinations")) {
            String destination = d.get("destination").asText();
            long timeWait = d.get("timeWaitSockets").asLong();
            assertTrue(timeWait <= PER_DESTINATION && timeWait >= PER_DESTINATION - (COUNT - read), destination
                    + " holds " + timeWait);
            assertEquals((double) timeWait / 64_512, d.get("timeWaitShare").asDouble(), 1e-12);
            assertEquals(64_512, d.get("tuples").asLong(), "ports 1024-65535 from one source address");
            assertEquals(1, d.get("sourceAddresses").asInt());
            assertEquals(64_512 / 60.0, d.get("sustainableCps").asDouble(), 1e-9, "tw_reuse is 0: ports / 60 s");
            assertTrue(d.get("rateCps").isNull(), "no rate without a watch");
            outgoing += timeWait;
        }
        assertEquals(read, outgoing, "the 40 destinations hold them all");

        JsonNode first = destination(sockets, "127.0.0.1:" + DoctorAtScale.FIRST_PORT);
        assertEquals(DoctorAtScale.HELD, first.get("establishedConnections").asLong());
        assertEquals(List.of(Long.parseLong(lines.get("pid")), (long) DoctorAtScale.HELD),
                List.of(first.at("/owners/0/pid").asLong(), first.at("/owners/0/connections").asLong()),
                first.get("owners").toString());

        JsonNode watched = Json.MAPPER.readTree(lines.get("watched")).get("host");
        assertEquals(WATCHED, watched.get("twEnteredDuringWatch").asLong(), "TcpExt TW rose by the watched connections");
        JsonNode busy = destination(watched.get("sockets"), "127.0.0.1:" + DoctorAtScale.WATCHED_PORT);
        assertNotNull(busy, "the watched destination is listed");
        assertEquals(busy.get("timeWaitSockets").asLong(), busy.get("enteredTimeWait").asLong(),
                "each of its TIME_WAIT sockets entered during the watch, by its TIME_WAIT timer");
        assertTrue(busy.get("timeWaitSockets").asLong() > WATCHED * 99L / 100, busy.toString());
        double watchSeconds = watched.get("watchSeconds").asDouble();
        assertTrue(watchSeconds >= 5.0 && watchSeconds < 60, "the watch as measured: " + watchSeconds);
        assertEquals(busy.get("enteredTimeWait").asLong() / watchSeconds, busy.get("rateCps").asDouble(), 1e-9);
        assertNull(Json.MAPPER.convertValue(busy.get("exhaustionSeconds"), Double.class),
                "600/s at most stays below 64,512 / 60 s: never runs out");
        assertEquals(0, destination(watched.get("sockets"), "127.0.0.1:" + DoctorAtScale.FIRST_PORT)
                .get("enteredTimeWait").asLong(), "made before the watch");
    }

    private static JsonNode destination(JsonNode sockets, String name) {
        for (JsonNode d : sockets.get("destinations")) {
            if (d.get("destination").asText().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** Runs DoctorAtScale in a namespace of its own; its lines by their first word. */
    private static Map<String, String> runDriver() throws Exception {
        Process driver = FreshNamespace.command(DoctorAtScale.class.getName(),
                List.of(Integer.toString(COUNT), Integer.toString(WATCHED)), "the doctor test")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, String> lines = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(driver.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    lines.put(line.substring(0, space), line.substring(space + 1));
                }
            }
        } finally {
            if (!driver.waitFor(300, TimeUnit.SECONDS)) {
                FreshNamespace.stop(driver);
            }
        }
        assertEquals(0, driver.exitValue(), "the driver failed: " + lines);
        System.out.println("DoctorHostTest: made " + COUNT + " TIME_WAIT in " + lines.get("made") + " ms");
        return lines;
    }
}

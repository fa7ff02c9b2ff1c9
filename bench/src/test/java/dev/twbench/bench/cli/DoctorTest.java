package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twbench.loadgen.record.Json;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code doctor} says what /proc says: checked against values this test reads itself. */
class DoctorTest {

    /** A /proc/sys value, read with one large read (as a shell's cat does). */
    private static String proc(String path) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return new String(in.readNBytes(4096), StandardCharsets.US_ASCII).strip().replaceAll("\\s+", " ");
        }
    }

    private static JsonNode doctorJson() throws Exception {
        CommandLine cli = Cli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("doctor", "--json"));
        return Json.MAPPER.readTree(out.toString());
    }

    @Test
    void sysctlsAreTheHostsAsProcShowsThem() throws Exception {
        JsonNode sysctls = doctorJson().get("sysctls");
        for (String key : List.of("net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_timestamps", "net.ipv4.tcp_fin_timeout",
                "net.ipv4.tcp_max_tw_buckets", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_tw_reuse_delay",
                "net.core.somaxconn", "fs.nr_open")) {
            assertEquals(proc("/proc/sys/" + key.replace('.', '/')), sysctls.get(key).asText(), key);
        }
    }

    @Test
    void capacityFollowsFromThePortRange() throws Exception {
        JsonNode doctor = doctorJson();
        String[] range = proc("/proc/sys/net/ipv4/ip_local_port_range").split(" ");
        String reserved = proc("/proc/sys/net/ipv4/ip_local_reserved_ports");
        int ports = Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        if (reserved.isEmpty()) {
            assertEquals(ports, doctor.at("/capacity/ports").asInt());
        }
        assertEquals(doctor.at("/capacity/ports").asDouble() / 60, doctor.at("/capacityCps/clientFirstPerDestinationWithoutReuse")
                .asDouble(), 1e-9);
        long buckets = Long.parseLong(proc("/proc/sys/net/ipv4/tcp_max_tw_buckets"));
        assertEquals(buckets / 60.0, doctor.at("/capacityCps/timeWaitOverflowAbove").asDouble(), 1e-9);
    }

    @Test
    void kernelAndLimitsAreThisMachines() throws Exception {
        JsonNode doctor = doctorJson();
        assertEquals(proc("/proc/sys/kernel/osrelease"), doctor.get("kernelRelease").asText());
        String limits = Files.readString(Path.of("/proc/self/limits"));
        String hard = limits.lines().filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow()
                .substring("Max open files".length()).trim().split("\\s+")[1];
        assertEquals(hard.equals("unlimited") ? -1 : Long.parseLong(hard), doctor.at("/openFiles/hard").asLong());
        assertTrue(doctor.get("findings").size() > 10);
    }
}

package dev.twbench.loadgen.run;

import dev.twbench.loadgen.record.RunFolder;
import dev.twbench.loadgen.scenario.LabKind;
import dev.twbench.loadgen.scenario.Transport;
import java.util.List;

/**
 * A run's lab as built, for the console's first line.
 *
 * @param labId           e.g. {@code 4242-1} for namespaces {@code twb-4242-1-c/-s}
 * @param clientAddresses the client's source addresses, the primary first
 * @param serverPorts     the server's distinct listening ports, ascending
 */
public record LabReady(LabKind kind, String labId, List<String> clientAddresses, String serverAddress,
        List<Integer> serverPorts, Transport transport, RunFolder folder) {
    public LabReady {
        clientAddresses = List.copyOf(clientAddresses);
        serverPorts = List.copyOf(serverPorts);
    }
}

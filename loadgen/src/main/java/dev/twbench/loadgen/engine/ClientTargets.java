package dev.twbench.loadgen.engine;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where attempt k goes and where it comes from: server port {@code k mod P}, source address
 * {@code (k div P) mod N}, so every (source, port) pair gets its share of the load.
 */
final class ClientTargets {
    private final List<InetSocketAddress> remotes;
    private final List<String> sources;

    ClientTargets(String serverAddress, List<Integer> serverPorts, List<String> sourceAddresses) {
        this.remotes = serverPorts.stream().map(p -> new InetSocketAddress(serverAddress, p)).toList();
        this.sources = List.copyOf(sourceAddresses);
    }

    InetSocketAddress remote(long k) {
        return remotes.get((int) (k % remotes.size()));
    }

    String source(long k) {
        return sources.get((int) ((k / remotes.size()) % sources.size()));
    }
}

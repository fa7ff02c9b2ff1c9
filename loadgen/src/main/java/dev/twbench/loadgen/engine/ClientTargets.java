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

    /** The destinations, indexed by {@link #remoteIndex}. */
    List<InetSocketAddress> remotes() {
        return remotes;
    }

    /** The source addresses, indexed by {@link #sourceIndex}; empty when the kernel picks. */
    List<String> sources() {
        return sources;
    }

    int remoteIndex(long k) {
        return (int) (k % remotes.size());
    }

    int sourceIndex(long k) {
        return (int) ((k / remotes.size()) % sources.size());
    }

    InetSocketAddress remote(long k) {
        return remotes.get(remoteIndex(k));
    }

    String source(long k) {
        return sources.get(sourceIndex(k));
    }
}

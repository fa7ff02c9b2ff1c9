package dev.twbench.loadgen.engine;

import java.util.List;
import java.util.Map;

/** How the server's sockets are driven: Netty's channels, or the direct engine's own loops. */
interface ServerDriver extends AutoCloseable {
    /** The port of each listening socket, in listener order. */
    List<Integer> listenerPorts();

    /** SO_REUSEADDR and SO_REUSEPORT as the kernel reports them on the first listening socket. */
    Map<String, Boolean> listenerOptions();

    @Override
    void close();
}

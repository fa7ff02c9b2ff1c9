package dev.twbench.loadgen.experiment.kit;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A server application that will be killed while its connections are open: it listens on
 * 127.0.0.1:PORT without SO_REUSEADDR (as a naive server would), accepts COUNT connections,
 * says so, and holds them without reading or writing. It gives up by itself after a minute, so
 * it never outlives an experiment that forgot it.
 *
 * <pre>{@code java -cp ... DyingApplication PORT COUNT}   prints "listening", then "accepted COUNT"</pre>
 */
public final class DyingApplication {
    private static final long GIVE_UP_MS = 60_000;

    private DyingApplication() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        List<SocketChannel> held = new ArrayList<>();
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            listener.bind(new InetSocketAddress("127.0.0.1", port));
            System.out.println("listening");
            while (held.size() < count) {
                held.add(listener.accept());
            }
            System.out.println("accepted " + held.size());
            Thread.sleep(GIVE_UP_MS);
        }
    }
}

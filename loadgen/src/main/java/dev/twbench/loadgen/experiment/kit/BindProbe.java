package dev.twbench.loadgen.experiment.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/**
 * Tries to listen on ADDRESS:PORT with SO_REUSEPORT (and SO_REUSEADDR) and prints {@code ok} or
 * {@code error <message>}. Run as another user by {@link ChildJvm#startAsUser}, so it must use the
 * JDK alone.
 *
 * <pre>{@code java -cp ... BindProbe 0.0.0.0 7000}</pre>
 */
public final class BindProbe {
    private BindProbe() {
    }

    public static void main(String[] args) {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            listener.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])));
            System.out.println("ok");
        } catch (IOException e) {
            System.out.println("error " + e.getMessage());
        }
    }
}

package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.sys.Errno;
import dev.twbench.loadgen.sys.Syscalls;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The server on the direct engine: listening sockets made once through Netty's {@link Socket}
 * (setup may allocate), and {@code threads} {@link DirectServerLoop}s that all watch all of them.
 */
final class DirectServerDriver implements ServerDriver {
    private final List<Socket> listeners = new ArrayList<>();
    private final List<DirectServerLoop> loops = new ArrayList<>();

    DirectServerDriver(ServerSpec spec, Supplier<ServerPhase> phase) {
        Syscalls.load();
        int perPort = Math.max(1, spec.reusePort());
        try {
            int port = spec.firstPort();
            for (int p = 0; p < spec.ports(); p++) {
                for (int r = 0; r < perPort; r++) {
                    Socket listener = listen(spec, port + p);
                    listeners.add(listener);
                    if (port == 0) {
                        port = listener.localAddress().getPort(); // the kernel's choice
                    }
                }
            }
            int[] fds = listeners.stream().mapToInt(Socket::intValue).toArray();
            for (int i = 0; i < Math.max(spec.threads(), 1); i++) {
                loops.add(new DirectServerLoop(fds, phase, i));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        loops.forEach(DirectServerLoop::start);
    }

    private static Socket listen(ServerSpec spec, int port) {
        int fd = Syscalls.socket();
        if (fd < 0) {
            throw new IllegalStateException("socket() failed: " + Errno.nameOf(-fd));
        }
        Socket socket = new Socket(fd);
        try {
            socket.setReuseAddress(spec.reuseAddress());
            if (spec.reusePort() > 0) {
                socket.setReusePort(true);
            }
            socket.bind(new InetSocketAddress(spec.bindAddress(), port));
            socket.listen(ServerEngine.BACKLOG);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            // the same wording as Netty's channels: "bind(..) failed with error(-98): Address already in use"
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public List<Integer> listenerPorts() {
        return listeners.stream().map(l -> l.localAddress().getPort()).toList();
    }

    @Override
    public Map<String, Boolean> listenerOptions() {
        Socket first = listeners.get(0);
        Map<String, Boolean> options = new LinkedHashMap<>();
        try {
            options.put("SO_REUSEADDR", first.isReuseAddress());
            options.put("SO_REUSEPORT", first.isReusePort());
        } catch (IOException e) {
            throw new IllegalStateException("getsockopt on the listening socket failed: " + e.getMessage(), e);
        }
        return options;
    }

    @Override
    public void close() {
        for (DirectServerLoop loop : loops) {
            try {
                loop.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listeners.forEach(DirectServerDriver::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a listener at the end: nothing left to do about it
        }
    }
}

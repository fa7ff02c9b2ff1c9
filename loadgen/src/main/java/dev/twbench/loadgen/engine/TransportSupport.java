package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.sys.Syscalls;
import java.util.Optional;

/** Whether a {@link Transport} can run here, and why not. */
public final class TransportSupport {
    private TransportSupport() {
    }

    /** Why {@code transport} cannot run on this machine; empty if it can. */
    public static Optional<Throwable> unavailabilityCause(Transport transport) {
        return switch (transport) {
            case DIRECT -> directUnavailability();
            case EPOLL, IO_URING, NIO -> NettyTransport.of(transport).unavailabilityCause();
        };
    }

    /** The direct engine calls Netty's native epoll library, through bindings made once. */
    private static Optional<Throwable> directUnavailability() {
        Optional<Throwable> epoll = NettyTransport.EPOLL.unavailabilityCause();
        if (epoll.isPresent()) {
            return epoll;
        }
        try {
            Syscalls.load();
            return Optional.empty();
        } catch (LinkageError | IllegalStateException e) {
            return Optional.of(e);
        }
    }
}

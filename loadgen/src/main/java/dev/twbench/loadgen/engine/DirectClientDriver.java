package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.sys.Errno;
import dev.twbench.loadgen.sys.Syscalls;

/**
 * The client on the direct engine: each run of a schedule gets fresh {@link DirectClientLoop}s,
 * one thread each, which end with the run.
 */
final class DirectClientDriver implements ClientDriver {
    private final ClientSpec spec;
    private final ClientTargets targets;
    private final NanoClock clock;

    DirectClientDriver(ClientSpec spec, ClientTargets targets, NanoClock clock) {
        this.spec = spec;
        this.targets = targets;
        this.clock = clock;
        Syscalls.load();
        verifyOptions();
    }

    /** Sets the bind mode's and port range's options on a probe socket, so that a kernel without them is a clear error now. */
    private void verifyOptions() {
        int fd = Syscalls.socket();
        if (fd < 0) {
            throw new IllegalStateException("socket() failed: " + Errno.nameOf(-fd));
        }
        try {
            if (spec.bind().mode() == ClientBind.Mode.NO_PORT) {
                check(Syscalls.setIntOption(fd, Syscalls.IPPROTO_IP, SocketOptions.IP_BIND_ADDRESS_NO_PORT, 1),
                        "IP_BIND_ADDRESS_NO_PORT");
            }
            if (spec.portRange() != null) {
                check(Syscalls.setIntOption(fd, Syscalls.IPPROTO_IP, SocketOptions.IP_LOCAL_PORT_RANGE,
                        SocketOptions.localPortRangeValue(spec.portRange())), "IP_LOCAL_PORT_RANGE");
            }
        } finally {
            Syscalls.close(fd);
        }
    }

    private static void check(int result, String option) {
        if (result < 0) {
            throw SocketOptions.refused(option, Errno.nameOf(-result));
        }
    }

    @Override
    public LoadLoop newLoop(int index, int stride, int cap, ExchangeRules rules, ChurnCounters counters,
            Runnable onFinished) {
        return new DirectClientLoop(targets, spec.bind(), spec.portRange(), counters, rules, clock, index, stride, cap,
                onFinished);
    }

    @Override
    public void close() {
        // each loop's thread ends with its run, and closes its own sockets
    }
}

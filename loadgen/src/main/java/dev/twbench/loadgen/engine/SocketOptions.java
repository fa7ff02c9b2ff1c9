package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.PortRange;
import io.netty.channel.ChannelOption;

/** Linux socket options the client sets by number: not every transport has a name for them. */
final class SocketOptions {
    /** Bind an address now, choose the port at connect(): {@code IP_BIND_ADDRESS_NO_PORT} (Linux 4.2+). */
    static final int IP_BIND_ADDRESS_NO_PORT = 24;
    /** A per-socket ephemeral port range, value {@code hi << 16 | lo}: {@code IP_LOCAL_PORT_RANGE} (Linux 6.3+). */
    static final int IP_LOCAL_PORT_RANGE = 51;

    private SocketOptions() {
    }

    static ChannelOption<Integer> bindAddressNoPort(NettyTransport transport) {
        return transport.ipOption("IP_BIND_ADDRESS_NO_PORT", IP_BIND_ADDRESS_NO_PORT);
    }

    static ChannelOption<Integer> localPortRange(NettyTransport transport) {
        return transport.ipOption("IP_LOCAL_PORT_RANGE", IP_LOCAL_PORT_RANGE);
    }

    static int localPortRangeValue(PortRange range) {
        return range.high() << 16 | range.low();
    }

    /** The kernel refused an option the scenario needs: a clear error before the load starts. */
    static IllegalArgumentException refused(String option, String errno) {
        return new IllegalArgumentException("this kernel (" + System.getProperty("os.version")
                + ") refused the socket option " + option + ": " + errno
                + (option.equals("IP_LOCAL_PORT_RANGE") ? "; it needs Linux 6.3 or later" : ""));
    }
}

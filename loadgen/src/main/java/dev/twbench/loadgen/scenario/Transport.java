package dev.twbench.loadgen.scenario;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The I/O transport both agents run on, and which socket features it can reach. The exchange
 * (what is sent, read, and how each close order closes) is the same state machine on all four;
 * only the driver of the sockets, and what it can set, differ.
 */
public enum Transport {
    /**
     * twbench's own epoll loop over raw non-blocking sockets: only the system calls the exchange
     * needs, nothing allocated per connection. The fastest, and the default.
     */
    DIRECT(EnumSet.allOf(SocketFeature.class)),
    /** Netty's native epoll: every option, including raw ones (IP_BIND_ADDRESS_NO_PORT, IP_LOCAL_PORT_RANGE). */
    EPOLL(EnumSet.allOf(SocketFeature.class)),
    /** Netty's native io_uring (Linux 5.x+): raw options through the same generic socket-option path. */
    IO_URING(EnumSet.allOf(SocketFeature.class)),
    /** The JDK's NIO: only the options java.net.StandardSocketOptions knows. */
    NIO(EnumSet.of(SocketFeature.REUSE_PORT));

    /** Socket features some transports cannot set. */
    public enum SocketFeature {
        REUSE_PORT("SO_REUSEPORT"),
        BIND_ADDRESS_NO_PORT("IP_BIND_ADDRESS_NO_PORT"),
        LOCAL_PORT_RANGE("IP_LOCAL_PORT_RANGE");

        private final String optionName;

        SocketFeature(String optionName) {
            this.optionName = optionName;
        }

        public String optionName() {
            return optionName;
        }
    }

    private final Set<SocketFeature> features;

    Transport(Set<SocketFeature> features) {
        this.features = features;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean supports(SocketFeature feature) {
        return features.contains(feature);
    }

    /**
     * @throws InvalidScenarioException naming the option, the feature and the transports that have it
     */
    public void require(SocketFeature feature, String option, Object value) {
        if (!supports(feature)) {
            String with = Arrays.stream(values()).filter(t -> t.supports(feature)).map(Transport::label)
                    .collect(Collectors.joining(" or "));
            throw InvalidScenarioException.of(option, value, "needs " + feature.optionName()
                    + ", which --transport " + label() + " cannot set; use --transport " + with);
        }
    }

    public static Transport parse(String text) {
        return Labelled.parse("--transport", text, values(), Transport::label);
    }
}

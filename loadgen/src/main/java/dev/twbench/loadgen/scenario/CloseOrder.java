package dev.twbench.loadgen.scenario;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Who closes first, as a pair of {@link CloseStep}s. Every connection reads the whole
 * response before any close, so no side ever closes with unread data (which would send an
 * RST instead of a FIN, see KERNEL-FACTS.md).
 */
public enum CloseOrder {
    /** The client closes after reading the response; the server closes on EOF. TIME_WAIT: client. */
    CLIENT_FIRST("client-first", CloseStep.CLOSE_AFTER_EXCHANGE, CloseStep.CLOSE_ON_PEER_EOF),
    /** The server closes after writing the response; the client closes on EOF. TIME_WAIT: server. */
    SERVER_FIRST("server-first", CloseStep.CLOSE_ON_PEER_EOF, CloseStep.CLOSE_AFTER_EXCHANGE);

    private final String label;
    private final CloseStep clientStep;
    private final CloseStep serverStep;

    CloseOrder(String label, CloseStep clientStep, CloseStep serverStep) {
        this.label = label;
        this.clientStep = clientStep;
        this.serverStep = serverStep;
    }

    public String label() {
        return label;
    }

    public CloseStep step(Side side) {
        return side == Side.CLIENT ? clientStep : serverStep;
    }

    public static CloseOrder parse(String text) {
        return Arrays.stream(values()).filter(o -> o.label.equals(text)).findFirst()
                .orElseThrow(() -> InvalidScenarioException.of("--close", text, "must be one of " + labels()));
    }

    public static String labels() {
        return Arrays.stream(values()).map(CloseOrder::label).collect(Collectors.joining(", "));
    }
}

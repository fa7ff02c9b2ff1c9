package dev.twbench.loadgen.scenario;

/**
 * Target rate of new connections: a fixed open-loop schedule, or {@code max} (closed loop:
 * as fast as the in-flight cap allows).
 *
 * @param perSecond connections per second; 0 for the closed loop
 */
public record Rate(long perSecond) {
    public static final long MAX_PER_SECOND = 1_000_000;

    public Rate {
        if (perSecond < 0 || perSecond > MAX_PER_SECOND) {
            throw InvalidScenarioException.of("--rate", perSecond, allowed());
        }
    }

    public static Rate closedLoop() {
        return new Rate(0);
    }

    public static Rate perSecond(long connectionsPerSecond) {
        if (connectionsPerSecond <= 0) {
            throw InvalidScenarioException.of("--rate", connectionsPerSecond, allowed());
        }
        return new Rate(connectionsPerSecond);
    }

    /** Parses {@code 2000} or {@code max}. */
    public static Rate parse(String text) {
        if ("max".equals(text)) {
            return closedLoop();
        }
        try {
            long perSecond = Long.parseLong(text.replace("_", ""));
            if (perSecond >= 1 && perSecond <= MAX_PER_SECOND) {
                return perSecond(perSecond);
            }
        } catch (NumberFormatException e) {
            // fall through: the error quotes the text as typed
        }
        throw InvalidScenarioException.of("--rate", text, allowed());
    }

    public boolean isClosedLoop() {
        return perSecond == 0;
    }

    @Override
    public String toString() {
        return isClosedLoop() ? "max" : Long.toString(perSecond);
    }

    private static String allowed() {
        return "must be a whole number of connections per second from 1 to " + MAX_PER_SECOND + ", or 'max'";
    }
}

package dev.twbench.loadgen.remote;

/**
 * An agent's wall clock against the orchestrator's, measured over the control connection the way
 * NTP's simplest form does: the round trip with the shortest time wins, and the agent's reading is
 * taken to fall at its middle. The true offset lies within half that round trip of the estimate.
 *
 * @param roundTripUs the shortest control round trip measured
 * @param offsetUs    agent clock minus orchestrator clock at the middle of that round trip
 */
public record AgentClock(long roundTripUs, long offsetUs) {
    /** How far the offset may be off: half the round trip. */
    public long boundUs() {
        return (roundTripUs + 1) / 2;
    }

    /** From one exchange: sent at {@code sentUs}, answered at {@code agentUs}, reply read at {@code receivedUs}. */
    static AgentClock of(long sentUs, long agentUs, long receivedUs) {
        return new AgentClock(receivedUs - sentUs, agentUs - (sentUs + receivedUs) / 2);
    }
}

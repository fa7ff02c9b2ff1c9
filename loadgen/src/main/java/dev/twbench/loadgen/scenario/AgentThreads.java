package dev.twbench.loadgen.scenario;

/**
 * Event loops per agent ({@code --agent-threads N} for both, or {@code CLIENT:SERVER}).
 *
 * <p>By default the client gets more: in the lab it carries most of the kernel's work. veth hands
 * each packet to the receiving namespace in the sender's own softirq, so the handshake the client
 * starts, its request and its RST are all processed on the client's CPU, the server's half of
 * them included. Measured on this project's 2-core machine, a closed loop with client-rst and one
 * loop each: the client agent at 99 % of a core, the server at 65 to 68 %, the machine 18 to 23 %
 * idle, 21,100 to 22,000 connections/s; with two client loops and one server loop: 113 to 116 %
 * and 66 to 67 %, 10 to 12 % idle, 28,400 to 28,600/s.
 *
 * @param client the client agent's loops
 * @param server the server agent's loops
 */
public record AgentThreads(int client, int server) {
    public static final int MAX = 64;

    public AgentThreads {
        if (client < 1 || client > MAX || server < 1 || server > MAX) {
            throw InvalidScenarioException.of("--agent-threads", client + ":" + server,
                    "must be from 1 to " + MAX + " loops per agent");
        }
    }

    /** The default for {@code cpus} CPUs: the client one loop per CPU, the server one per two (each at most 4). */
    public static AgentThreads forCpus(int cpus) {
        return new AgentThreads(Math.min(4, Math.max(1, cpus)), Math.min(4, Math.max(1, cpus / 2)));
    }

    /** From {@code --agent-threads}: {@code N} (both agents) or {@code CLIENT:SERVER}. */
    public static AgentThreads parse(String text) {
        String[] sides = text.split(":", -1);
        try {
            if (sides.length == 1) {
                int n = Integer.parseInt(sides[0]);
                return new AgentThreads(n, n);
            }
            if (sides.length == 2) {
                return new AgentThreads(Integer.parseInt(sides[0]), Integer.parseInt(sides[1]));
            }
        } catch (NumberFormatException | InvalidScenarioException e) {
            // the message below names the value and what is allowed
        }
        throw InvalidScenarioException.of("--agent-threads", text,
                "must be N (both agents) or CLIENT:SERVER, each from 1 to " + MAX);
    }

    public String label() {
        return client + ":" + server;
    }
}

package dev.twbench.loadgen.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.twbench.loadgen.counter.CounterValues;
import dev.twbench.loadgen.engine.ClientEngine;
import dev.twbench.loadgen.engine.ClientSpec;
import dev.twbench.loadgen.engine.LatencyDigest;
import dev.twbench.loadgen.engine.ServerEngine;
import dev.twbench.loadgen.engine.ServerSpec;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator-agent protocol: one JSON object per line, over the agent's stdin (requests)
 * and stdout (replies). Every request gets exactly one reply, in order; {@link Exit} and the end
 * of stdin (the orchestrator is gone) make the agent exit.
 *
 * <pre>
 * orchestrator                      agent
 *   StartServer / StartClient  -->
 *                              <--  Ready(pid, port)      or Failed(error)
 *   Go                         -->                        (client: the load starts now)
 *                              <--  Ack
 *   SampleRequest              -->                        (every interval)
 *                              <--  AgentSample
 *   Stop                       -->                        (client: no new attempts)
 *                              <--  Ack
 *   Exit                       -->                        (agent exits)
 * </pre>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Message.StartServer.class, name = "start-server"),
        @JsonSubTypes.Type(value = Message.StartClient.class, name = "start-client"),
        @JsonSubTypes.Type(value = Message.StartCommand.class, name = "start-command"),
        @JsonSubTypes.Type(value = Message.StartClientCommand.class, name = "start-client-command"),
        @JsonSubTypes.Type(value = Message.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = Message.WarmUp.class, name = "warm-up"),
        @JsonSubTypes.Type(value = Message.EndWarmUp.class, name = "end-warm-up"),
        @JsonSubTypes.Type(value = Message.WarmedUp.class, name = "warmed-up"),
        @JsonSubTypes.Type(value = Message.Go.class, name = "go"),
        @JsonSubTypes.Type(value = Message.Stop.class, name = "stop"),
        @JsonSubTypes.Type(value = Message.SampleRequest.class, name = "sample-request"),
        @JsonSubTypes.Type(value = Message.AgentSample.class, name = "sample"),
        @JsonSubTypes.Type(value = Message.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = Message.Failed.class, name = "failed"),
        @JsonSubTypes.Type(value = Message.Exit.class, name = "exit")})
public sealed interface Message {

    record StartServer(ServerSpec spec) implements Message {
    }

    record StartClient(ClientSpec spec) implements Message {
    }

    /**
     * The server agent runs the user's server ({@code --server-cmd}) instead of twbench's: {@code sh -c
     * command}, its output appended to {@code log}, and answers Ready once something listens on
     * {@code address:port}, or Failed if the command ends first or {@code readyTimeoutMs} passes.
     * With a {@code backend} (the command used {@code {backend}}), twbench's own server runs too,
     * on the namespace's loopback, started first: the command (a proxy) forwards to it.
     */
    record StartCommand(String command, String address, int port, String log, long readyTimeoutMs,
            ServerSpec backend) implements Message {
    }

    /**
     * The client agent runs the user's client ({@code --client-cmd}) instead of twbench's: {@code sh -c
     * command} from Go, its output appended to {@code log}, ended if it still runs {@code durationMs}
     * after Go. Its samples say whether it has finished.
     */
    record StartClientCommand(String command, String log, long durationMs) implements Message {
    }

    /**
     * The agent is set up; {@code pid} is the agent's own. The server lists the port of each of its
     * listening sockets, in listener order, and their options as the kernel reports them (the
     * client's are empty). {@code commandPid} is the server command's shell ({@code --server-cmd}),
     * -1 without one.
     */
    record Ready(long pid, List<Integer> listenerPorts, Map<String, Boolean> listenerOptions, long commandPid)
            implements Message {
        public Ready {
            listenerPorts = List.copyOf(listenerPorts);
            listenerOptions = Map.copyOf(listenerOptions);
        }
    }

    /**
     * Tells the client agent to start its warm-up (--warmup long, abortive closes) and answer at
     * once: until {@link EndWarmUp}, its samples report the warm-up.
     */
    record WarmUp() implements Message {
    }

    /** Waits for the client's warm-up to end; from then on its samples are zeros until Go. */
    record EndWarmUp() implements Message {
    }

    /** The client's warm-up has ended, {@code completed} connections of it. */
    record WarmedUp(long completed) implements Message {
    }

    record Go() implements Message {
    }

    record Stop() implements Message {
    }

    /**
     * Asks for a sample at the end of the interval [fromMs, toMs) of the orchestrator's clock since
     * Go: the agent labels its latency log lines with it.
     */
    record SampleRequest(long fromMs, long toMs) implements Message {
    }

    /**
     * An agent's cumulative counts since Go. {@code counters} are its engine's
     * {@link dev.twbench.loadgen.counter.Counters} by column name, as many as that side has;
     * {@code failures} counts failures by kind, each under its own name. {@code loadNs} is the
     * client's time from Go until its last attempt ended (until now while attempts remain), and
     * {@code firstFailureNs} from Go to its first failure (-1: none). On the client, the latencies
     * (us): {@code connect} and {@code cycle} of the interval asked for, {@code connectTotal} and
     * {@code cycleTotal} since Go, and {@code latencyLog}, the interval's lines of latency.hlog
     * ({@link LatencyLogLines}); on the server these are empty and null.
     */
    record AgentSample(Map<String, Long> counters, Map<String, Long> failures, long loadNs, long firstFailureNs,
            boolean finished, List<Long> acceptedByListener, LatencyDigest connect, LatencyDigest cycle,
            LatencyDigest connectTotal, LatencyDigest cycleTotal, String latencyLog) implements Message {
        public AgentSample {
            counters = Map.copyOf(counters);
            failures = Map.copyOf(failures);
            acceptedByListener = List.copyOf(acceptedByListener);
        }

        static AgentSample of(ClientEngine.Snapshot s, SampleRequest asked) {
            return new AgentSample(s.counters().toMap(), s.failures(), s.loadNs(), s.firstFailureNs(), s.finished(),
                    List.of(), LatencyDigest.of(s.connectIntervalUs()), LatencyDigest.of(s.cycleIntervalUs()),
                    s.connectTotal(), s.cycleTotal(),
                    LatencyLogLines.of(asked.fromMs(), asked.toMs(), s.connectIntervalUs(), s.cycleIntervalUs()));
        }

        /** A server agent that runs no engine (the user's command serves): nothing counted, nothing failed. */
        static AgentSample ofNoEngine() {
            return ofCommand(0, false);
        }

        /**
         * An agent whose side is the user's command: nothing counted (the kernel's counters say what
         * it did), the time from Go until it ended, and whether it has.
         */
        static AgentSample ofCommand(long loadNs, boolean finished) {
            return new AgentSample(Map.of(), Map.of(), loadNs, -1, finished, List.of(), LatencyDigest.EMPTY,
                    LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, null);
        }

        static AgentSample of(ServerEngine.Snapshot s) {
            return new AgentSample(s.counters().toMap(), s.failures(), 0, -1, false, s.acceptedByListener(),
                    LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, null);
        }

        /** The engine's counters, for the recorder. */
        public CounterValues counterValues() {
            return CounterValues.fromMap(counters);
        }
    }

    record Ack() implements Message {
    }

    /** The request could not be carried out; {@code error} is one line. */
    record Failed(String error) implements Message {
    }

    record Exit() implements Message {
    }
}

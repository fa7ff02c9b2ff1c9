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
 *
 * <p>A long-lived agent ({@code twbench agent --listen}) speaks the same lines over TCP, after a
 * handshake in which neither side sends the secret ({@link Challenge}, {@link Answer},
 * {@link Welcome}; see {@code dev.twbench.loadgen.remote.Handshake}). Before the start of a run it
 * also answers {@link ClockRequest} (the orchestrator's clock offset), {@link AnnounceRequest} (the
 * server's own listening addresses, which a client agent checks its target against) and
 * {@link ApplySysctls}.
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
        @JsonSubTypes.Type(value = Message.Exit.class, name = "exit"),
        @JsonSubTypes.Type(value = Message.Challenge.class, name = "challenge"),
        @JsonSubTypes.Type(value = Message.Answer.class, name = "answer"),
        @JsonSubTypes.Type(value = Message.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = Message.ClockRequest.class, name = "clock-request"),
        @JsonSubTypes.Type(value = Message.ClockReply.class, name = "clock"),
        @JsonSubTypes.Type(value = Message.AnnounceRequest.class, name = "announce-request"),
        @JsonSubTypes.Type(value = Message.Announcement.class, name = "announcement"),
        @JsonSubTypes.Type(value = Message.ApplySysctls.class, name = "apply-sysctls"),
        @JsonSubTypes.Type(value = Message.SysctlsApplied.class, name = "sysctls-applied")})
public sealed interface Message {

    record StartServer(ServerSpec spec) implements Message {
    }

    /**
     * @param serverAgent the server agent ({@code HOST:PORT}) whose announced addresses the target
     *                    must be among; null for a local agent in the lab, required by a remote one
     */
    record StartClient(ClientSpec spec, String serverAgent) implements Message {
        public StartClient(ClientSpec spec) {
            this(spec, null);
        }
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

    /**
     * Starts the load (the client's schedule, the server's count). {@code atEpochUs}: a fleet's
     * client starts when its own wall clock reads this, the orchestrator's common instant corrected
     * by the agent's measured offset, so the hosts' schedules line up; 0 starts at once.
     */
    record Go(long atEpochUs) implements Message {
        public Go() {
            this(0);
        }
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
     * ({@link LatencyLogLines}); on the server these are empty and null. {@code host}: a remote
     * agent's kernel counters and memory by column name ({@link #withHost}); empty from a local one.
     */
    record AgentSample(Map<String, Long> counters, Map<String, Long> failures, long loadNs, long firstFailureNs,
            boolean finished, List<Long> acceptedByListener, LatencyDigest connect, LatencyDigest cycle,
            LatencyDigest connectTotal, LatencyDigest cycleTotal, String latencyLog, Map<String, Long> host)
            implements Message {
        public AgentSample {
            host = host == null ? Map.of() : Map.copyOf(host);
            counters = Map.copyOf(counters);
            failures = Map.copyOf(failures);
            acceptedByListener = List.copyOf(acceptedByListener);
        }

        static AgentSample of(ClientEngine.Snapshot s, SampleRequest asked) {
            return new AgentSample(s.counters().toMap(), s.failures(), s.loadNs(), s.firstFailureNs(), s.finished(),
                    List.of(), LatencyDigest.of(s.connectIntervalUs()), LatencyDigest.of(s.cycleIntervalUs()),
                    s.connectTotal(), s.cycleTotal(),
                    LatencyLogLines.of(asked.fromMs(), asked.toMs(), s.connectIntervalUs(), s.cycleIntervalUs()), null);
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
                    LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, null, null);
        }

        static AgentSample of(ServerEngine.Snapshot s) {
            return new AgentSample(s.counters().toMap(), s.failures(), 0, -1, false, s.acceptedByListener(),
                    LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, LatencyDigest.EMPTY, null, null);
        }

        /**
         * The same sample with the agent's host readings: its network namespace's kernel counters
         * and its own memory, by column name. A remote agent sends them, as nobody else can read them.
         */
        public AgentSample withHost(Map<String, Long> readings) {
            return new AgentSample(counters, failures, loadNs, firstFailureNs, finished, acceptedByListener, connect,
                    cycle, connectTotal, cycleTotal, latencyLog, readings);
        }

        /** The host readings as counter values (none from a local agent, whose side the orchestrator reads). */
        public CounterValues hostValues() {
            return CounterValues.fromMap(host);
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

    /** A long-lived agent's first line: a fresh random {@code nonce} (hex) for the peer to answer. */
    record Challenge(String nonce, String agent) implements Message {
    }

    /**
     * The peer's proof that it holds the token, {@code mac} over the agent's nonce, and a nonce of
     * its own for the agent to answer in turn.
     */
    record Answer(String mac, String nonce) implements Message {
    }

    /** The agent's proof over the peer's nonce: both sides now know the other holds the token. */
    record Welcome(String mac, String name) implements Message {
    }

    /** Asks for the agent's wall clock, to measure its offset from the orchestrator's. */
    record ClockRequest() implements Message {
    }

    /** The agent's wall clock when it answered, microseconds since the epoch. */
    record ClockReply(long epochUs) implements Message {
    }

    /** Asks a server agent where its server listens. */
    record AnnounceRequest() implements Message {
    }

    /**
     * Where this agent's server listens: its own addresses and its listening ports. Empty while it
     * runs no server. A client agent loads nothing else.
     */
    record Announcement(List<String> addresses, List<Integer> ports) implements Message {
        public Announcement {
            addresses = List.copyOf(addresses);
            ports = List.copyOf(ports);
        }

        public static Announcement none() {
            return new Announcement(List.of(), List.of());
        }
    }

    /** Sets per-namespace sysctls (key to value) on the agent's host, restored when the run ends. */
    record ApplySysctls(Map<String, String> values) implements Message {
        public ApplySysctls {
            values = Map.copyOf(values);
        }
    }

    /** The values as the agent's kernel reads them back after {@link ApplySysctls}. */
    record SysctlsApplied(Map<String, String> values) implements Message {
        public SysctlsApplied {
            values = Map.copyOf(values);
        }
    }
}

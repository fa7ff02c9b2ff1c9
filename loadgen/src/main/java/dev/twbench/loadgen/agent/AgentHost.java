package dev.twbench.loadgen.agent;

import dev.twbench.loadgen.counter.Counters;
import dev.twbench.loadgen.engine.AnnouncedTarget;
import dev.twbench.loadgen.probe.KernelCounters;
import dev.twbench.loadgen.probe.MemoryReading;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host a long-lived agent ({@code twbench agent --listen}) runs on, as its sessions share it:
 * the one run it serves at a time, the sysctls that run changed (restored when it ends), where its
 * server listens (announced to client agents), and the host's own readings for every sample.
 *
 * <pre>{@code
 * AgentHost host = new AgentHost("client-1", false, checker);
 * new AgentSession(AgentSession.Options.onHost(host)).serve(in, out);   // one per connection
 * }</pre>
 */
public final class AgentHost {
    /**
     * How a client agent learns what its server agent announced: by asking that agent itself, over
     * a handshake with the run's token, never by taking the orchestrator's word for it.
     */
    @FunctionalInterface
    public interface AnnouncementSource {
        Message.Announcement askServerAgent(String serverAgent);
    }

    /** Says when a run ends, e.g. to stop after {@code --runs N}. */
    @FunctionalInterface
    public interface RunListener {
        void runEnded(boolean ranLoad);
    }

    private static final String WILDCARD = "0.0.0.0";

    private final String name;
    private final boolean allowSysctl;
    private final AnnouncementSource announcements;
    private final RunListener runListener;
    /** The session serving the current run; null while idle. */
    private AgentSession runOwner;
    private String runSince;
    private volatile Message.Announcement announcement = Message.Announcement.none();
    /** Each sysctl the run changed, with the value it had before: written back when the run ends. */
    private final Map<NamespaceSysctl, String> restore = new LinkedHashMap<>();

    public AgentHost(String name, boolean allowSysctl, AnnouncementSource announcements, RunListener runListener) {
        this.name = name;
        this.allowSysctl = allowSysctl;
        this.announcements = announcements;
        this.runListener = runListener;
    }

    public String name() {
        return name;
    }

    /** Microseconds since the epoch by this host's wall clock. */
    public static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Waits until this host's wall clock reads {@code epochUs} (at once if it has passed, or for 0). */
    static void sleepUntil(long epochUs) {
        long waitUs;
        while (epochUs > 0 && (waitUs = epochUs - epochMicros()) > 0) {
            try {
                Thread.sleep(waitUs / 1000, (int) (waitUs % 1000) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Refuses what a remote agent must not run, and for a client, finds out from its server agent
     * where it may send load.
     *
     * @return the server agent's announcement for a client; null for a server
     */
    AnnouncedTarget checkCanStart(Message first) {
        if (first instanceof Message.StartClientCommand) {
            throw new IllegalStateException("a remote agent does not run --client-cmd: twbench cannot check where"
                    + " a user's command sends load");
        }
        if (first instanceof Message.StartClient client) {
            if (client.serverAgent() == null) {
                throw new IllegalStateException("a remote client agent needs the server agent to check its target with");
            }
            Message.Announcement a = announcements.askServerAgent(client.serverAgent());
            AnnouncedTarget target = new AnnouncedTarget(client.serverAgent(), a.addresses(), a.ports());
            if (!target.covers(client.spec().serverAddress(), client.spec().serverPorts())) {
                throw new IllegalStateException(target.refusal(client.spec().serverAddress(), client.spec().serverPorts()));
            }
            return target;
        }
        return null;
    }

    /** The session takes the host for its run; another session's run makes this one busy. */
    synchronized void claimRun(AgentSession session) {
        if (runOwner == session) {
            return;
        }
        if (runOwner != null) {
            throw new IllegalStateException("busy: this agent serves one run at a time, and has served another since "
                    + runSince);
        }
        runOwner = session;
        runSince = Instant.now().toString();
    }

    /** What the run's first request started: a server's addresses and ports become its announcement. */
    void started(Message first, Message.Ready ready) {
        List<Integer> ports = ready.listenerPorts().stream().distinct().sorted().toList();
        if (first instanceof Message.StartServer s) {
            announcement = new Message.Announcement(addressesFor(s.spec().bindAddress()), ports);
        } else if (first instanceof Message.StartCommand c) {
            announcement = new Message.Announcement(addressesFor(c.address()), List.of(c.port()));
        }
    }

    Message.Announcement announcement() {
        return announcement;
    }

    /** Sets the sysctls for this run, if the agent was started with {@code --allow-sysctl}; returns them as read back. */
    synchronized Message.SysctlsApplied applySysctls(AgentSession session, Map<String, String> values) {
        if (!allowSysctl && !values.isEmpty()) {
            throw new IllegalStateException("refused: this agent was started without --allow-sysctl, and "
                    + String.join(", ", values.keySet()) + " would change its host");
        }
        claimRun(session);
        Map<String, String> readBack = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            NamespaceSysctl sysctl = NamespaceSysctl.byName(key).orElseThrow(() -> new IllegalStateException(
                    "refused: " + key + " is not a per-namespace sysctl twbench sets; allowed: "
                            + NamespaceSysctl.allowedKeys()));
            try {
                restore.putIfAbsent(sysctl, Files.readString(sysctl.procPath()).trim());
                Files.writeString(sysctl.procPath(), sysctl.normalise(key, value));
                readBack.put(key, Files.readString(sysctl.procPath()).trim());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot set " + key + "=" + value + ": " + e.getMessage(), e);
            }
        });
        return new Message.SysctlsApplied(readBack);
    }

    /** The session's run has ended: its sysctls go back, its server is no longer announced. */
    void runEnded(AgentSession session, boolean ranLoad) {
        synchronized (this) {
            if (runOwner != session) {
                return;
            }
            restore.forEach((sysctl, value) -> {
                try {
                    Files.writeString(sysctl.procPath(), value);
                } catch (IOException e) {
                    System.err.println("twbench agent: could not restore " + sysctl.key() + "=" + value + ": " + e.getMessage());
                }
            });
            restore.clear();
            announcement = Message.Announcement.none();
            runOwner = null;
        }
        runListener.runEnded(ranLoad);
    }

    /** This host's kernel counters (its network namespace's sockstat, netstat, snmp) and this JVM's memory. */
    Map<String, Long> readings() {
        Map<String, Long> readings = new LinkedHashMap<>();
        try {
            readings.putAll(KernelCounters.read(Path.of("/proc/self/net")).toMap());
        } catch (IOException e) {
            System.err.println("twbench agent: cannot read /proc/self/net: " + e.getMessage());
        }
        MemoryReading.rssKiB(ProcessHandle.current().pid()).ifPresent(v -> readings.put(Counters.AGENT_RSS.column(), v));
        return readings;
    }

    /** The addresses a server bound to {@code address} listens on: all of this host's for the wildcard. */
    private static List<String> addressesFor(String address) {
        return WILDCARD.equals(address) ? ownAddresses() : List.of(address);
    }

    /** This host's IPv4 addresses, on interfaces that are up. */
    static List<String> ownAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        addresses.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        return addresses;
    }
}

package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.scenario.ClientBind;
import dev.twbench.loadgen.scenario.PortRange;
import dev.twbench.loadgen.sys.Errno;
import dev.twbench.loadgen.sys.Syscalls;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One thread's share of the client load on the direct engine, paced by its {@link Pacer} like
 * every client loop. An attempt costs socket(), the options its bind mode or close order asks
 * for, connect(), a send() straight away (over loopback and veth the handshake is done by the
 * time connect() returns), one epoll registration, the recv() of the response, and close().
 */
final class DirectClientLoop extends DirectLoop implements LoadLoop, Pacer.Starter {
    private static final int EINPROGRESS = -Errno.EINPROGRESS.number();

    private final ClientTargets targets;
    private final ClientBind bind;
    private final PortRange portRange;
    private final ChurnCounters counters;
    private final ExchangeRules rules;
    private final Pacer pacer;
    private final RangePorts rangePorts;
    private final Runnable onFinished;
    private final byte[][] remoteAddresses;
    private final int[] remotePorts;
    private final byte[][] sourceAddresses;
    private final Thread thread;
    private volatile boolean stopRequested;

    DirectClientLoop(ClientTargets targets, ClientBind bind, PortRange portRange, ChurnCounters counters,
            ExchangeRules rules, NanoClock clock, int index, int stride, int cap, Runnable onFinished) {
        super(clock);
        this.targets = targets;
        this.bind = bind;
        this.portRange = portRange;
        this.counters = counters;
        this.rules = rules;
        this.pacer = new Pacer(counters, index, stride, cap);
        this.rangePorts = new RangePorts(bind, index, stride);
        this.onFinished = onFinished;
        List<InetSocketAddress> remotes = targets.remotes();
        remoteAddresses = remotes.stream().map(r -> Syscalls.address(r.getHostString())).toArray(byte[][]::new);
        remotePorts = remotes.stream().mapToInt(InetSocketAddress::getPort).toArray();
        sourceAddresses = targets.sources().stream().map(Syscalls::address).toArray(byte[][]::new);
        thread = new Thread(this, "twbench-direct-client-" + index);
        thread.setDaemon(true);
    }

    @Override
    public void start(AttemptSchedule schedule) {
        pacer.start(schedule);
        thread.start();
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    boolean finished() {
        return pacer.finished();
    }

    @Override
    int beforeWait(long nowNs) {
        if (stopRequested) {
            pacer.stop();
        }
        return switch (pacer.pace(clock(), this)) {
            case DUE_LATER -> waitMsUntil(pacer.nextDueNs(), nowNs());
            case TURN_SPENT -> 0;
            case CAP_FULL, NO_MORE -> idleWaitMs(nowNs());
        };
    }

    @Override
    public void start(long k, long dueNs, long nowNs) {
        DirectConnection c = takeSlot();
        c.attempt = k;
        c.dueNs = dueNs;
        c.tries = 1;
        c.machine.begin(rules);
        // The deadline bounds the connection (from its first socket), not the wait for a slot.
        armDeadline(c, nowNs + rules.timeoutNs());
        open(c);
        settle(c);
    }

    /** A socket for the attempt: options, bind as the bind mode says, connect, send, register. */
    private void open(DirectConnection c) {
        int fd = Syscalls.socket();
        if (fd < 0) { // EMFILE, ENFILE, ENOBUFS: no socket to close
            c.machine.fail(Errno.nameOf(-fd));
            return;
        }
        track(c, fd);
        int r = bindAsAsked(c);
        if (r == 0) {
            r = Syscalls.connect(fd, remoteAddresses[targets.remoteIndex(c.attempt)],
                    remotePorts[targets.remoteIndex(c.attempt)]);
        }
        if (r < 0 && r != EINPROGRESS) {
            connectFailed(c, -r);
            return;
        }
        startSending(c);
        if (!c.closeRequested && !c.machine.ended()) {
            register(c);
        }
    }

    /** The options and bind() of the bind mode and port range: 0 or -errno. */
    private int bindAsAsked(DirectConnection c) {
        int r = 0;
        if (portRange != null) {
            r = Syscalls.setIntOption(c.fd, Syscalls.IPPROTO_IP, SocketOptions.IP_LOCAL_PORT_RANGE,
                    SocketOptions.localPortRangeValue(portRange));
        }
        if (r < 0 || bind.mode() == ClientBind.Mode.NONE) {
            return r;
        }
        byte[] source = sourceAddresses[targets.sourceIndex(c.attempt)];
        return switch (bind.mode()) {
            case NONE -> r;
            case PORT0 -> Syscalls.bind(c.fd, source, 0);
            case NO_PORT -> {
                int set = Syscalls.setIntOption(c.fd, Syscalls.IPPROTO_IP, SocketOptions.IP_BIND_ADDRESS_NO_PORT, 1);
                yield set < 0 ? set : Syscalls.bind(c.fd, source, 0);
            }
            case RANGE -> { // binding ports that hold TIME_WAIT
                int set = Syscalls.setIntOption(c.fd, Syscalls.SOL_SOCKET, Syscalls.SO_REUSEADDR, 1);
                yield set < 0 ? set : Syscalls.bind(c.fd, source, rangePorts.next());
            }
        };
    }

    /** The range bind mode tries the next port on a new socket; anything else is the attempt's failure. */
    private void connectFailed(DirectConnection c, int errno) {
        boolean portTaken = errno == Errno.EADDRINUSE.number() || errno == Errno.EADDRNOTAVAIL.number();
        if (portTaken && rangePorts.mayRetry(c.tries)) {
            untrack(c);
            counters.bindRetries.increment();
            c.tries++;
            open(c);
        } else {
            c.machine.error(Errno.nameOf(errno));
        }
    }

    @Override
    void otherReady(int fd, int flags) {
        // the client watches only its connections
    }

    @Override
    void connected(DirectConnection c) {
        counters.connected.increment();
        counters.connectLatency(nowNs() - c.dueNs);
    }

    @Override
    void peerMessageComplete(DirectConnection c) {
        // the whole response is in; the exchange is complete once the request was written too
        counters.requests.increment();
    }

    @Override
    void completed(DirectConnection c, boolean byPeerReset) {
        counters.completed.increment();
        if (byPeerReset) {
            counters.peerResets.increment();
        }
        counters.cycleLatency(nowNs() - c.dueNs);
        pacer.ended();
    }

    @Override
    void failed(DirectConnection c, String kind) {
        counters.failure(kind, nowNs());
        pacer.ended();
    }

    @Override
    void exited() {
        onFinished.run();
    }
}

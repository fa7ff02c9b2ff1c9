package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.experiment.result.ExperimentResult;
import dev.twbench.loadgen.experiment.result.Verdict;
import dev.twbench.loadgen.run.LoadLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The catalogue's verdicts on this kernel (Linux 6.18), as docs/kernel-facts.md says they
 * must come out, with each experiment's key number. One {@code experiments} run serves every
 * test; the two experiments that wait out TIME_WAIT are in {@link WaitingExperimentsTest}, which
 * runs beside everything else. This class takes the CPU lock: tw-reuse measures rates.
 */
@ResourceLock(LoadLock.CPU)
class ExperimentsTest {
    @TempDir
    static Path out;
    static ExperimentsRun run;

    @BeforeAll
    static void runTheCatalogueOnce() throws Exception {
        LabRequirements.assumeNamespaceLab();
        run = ExperimentsRun.of(out, "active-closer", "same-partner", "client-restart", "remote-closes-first",
                "simultaneous-close", "listener-close", "application-dies", "reserved-port", "specific-address",
                "tw-reuse", "kernel-memory", "nat-ports-bound-open-connections", "nat-server-time-wait");
    }

    @Test
    void activeCloserHoldsTimeWaitPassiveCloserNone() {
        ExperimentResult r = run.assertVerdict("active-closer", Verdict.HOLDS);
        assertEquals(r.figure("clientFirstCompleted"), r.figure("clientFirstClientTimeWait"));
        assertEquals(0, r.figure("clientFirstServerTimeWait"));
        assertEquals(r.figure("serverFirstCompleted"), r.figure("serverFirstServerTimeWait"));
        assertEquals(0, r.figure("serverFirstClientTimeWait"));
    }

    @Test
    void sameFixedPortToTheSamePartnerIsRefusedOnlyWithoutTimestamps() {
        ExperimentResult r = run.assertVerdict("same-partner", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        double clients = r.figure("clientsPerCase");
        assertEquals(clients, r.figure("samePartnerRefusedTimestampsOff"), "EADDRNOTAVAIL without timestamps");
        assertEquals(clients, r.figure("samePartnerOkTimestampsOn"), "taken over with timestamps");
        assertTrue(r.figure("twRecycledTimestampsOn") >= clients, "each takeover counted in TWRecycled");
        assertEquals(2 * clients, r.figure("bindWithoutReuseAddrRefused"));
        assertTrue(r.observed().contains("EADDRNOTAVAIL"), r.observed());
    }

    @Test
    void restartedClientGetsOtherEphemeralPorts() {
        ExperimentResult r = run.assertVerdict("client-restart", Verdict.HOLDS);
        assertEquals(r.figure("restartedConnections"), r.figure("timeWaitHeldByOldClient"));
        assertEquals(0, r.figure("restartedConnectFailures"));
        assertEquals(0, r.figure("portsTakenFromTimeWait"));
    }

    @Test
    void serverThatClosesOnEofHoldsNoTimeWaitButItsIdleTimeoutDoes() {
        ExperimentResult r = run.assertVerdict("remote-closes-first", Verdict.HOLDS);
        assertEquals(0, r.figure("closeOnEofServerTimeWait"));
        assertEquals(r.figure("idleTimeoutCompleted"), r.figure("idleTimeoutServerTimeWait"));
        assertTrue(r.figure("idleTimeoutCycleP50Ms") >= 200, "the server waited out its idle timeout");
    }

    @Test
    void crossingFinsLeaveTimeWaitOnBothSides() {
        ExperimentResult r = run.assertVerdict("simultaneous-close", Verdict.HOLDS);
        assertEquals(r.figure("connections"), r.figure("clientTimeWait"));
        assertEquals(r.figure("connections"), r.figure("serverTimeWait"));
        assertEquals(2 * r.figure("connections"), r.figure("twEntered"));
    }

    @Test
    void closedListenerResetsItsPendingConnectionsAndLeavesNoTimeWait() {
        ExperimentResult r = run.assertVerdict("listener-close", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertEquals(r.figure("pendingClients"), r.figure("pendingClientsReset"));
        assertEquals(0, r.figure("timeWaitAfterPendingListener"));
        assertEquals(0, r.figure("timeWaitAfterIdleListener"));
        assertEquals(1, r.figure("idleListenerPortReboundAtOnce"));
    }

    @Test
    void deadApplicationsPortHoldsTimeWaitTheSurvivorNone() {
        ExperimentResult r = run.assertVerdict("application-dies", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertEquals(r.figure("connections"), r.figure("timeWaitOnDeadApplicationsPort"));
        assertEquals(0, r.figure("timeWaitOnSurvivors"));
        assertEquals(1, r.figure("restartBindRefused"), "a restart without SO_REUSEADDR gets EADDRINUSE");
    }

    @Test
    void fixedReservedPortFailsOnReconnectUnlessTheServerClosesFirstOrTimestampsAreOn() {
        ExperimentResult r = run.assertVerdict("reserved-port", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertEquals(r.figure("rounds") - 1, r.figure("failedRoundsClientFirstNoTimestamps"));
        assertEquals(0, r.figure("failedRoundsServerFirstNoTimestamps"));
        assertEquals(0, r.figure("failedRoundsClientFirstTimestamps"));
    }

    @Test
    void specificAddressCannotInterceptAListeningWildcardServer() {
        ExperimentResult r = run.assertVerdict("specific-address", Verdict.DOES_NOT_HOLD);
        assertEquals(1, r.figure("specificBindRefusedWhileWildcardListens"));
        assertEquals(1, r.figure("specificBindAllowedWhileWildcardOnlyBound"));
        assertEquals(1, r.figure("reusePortOtherUserRefused"));
        assertEquals(1, r.figure("reusePortSameUserAllowed"));
    }

    @Test
    void twReuseSustainsPortsPerDelayWhileTheDefaultIsOffBetweenNamespaces() {
        ExperimentResult r = run.assertVerdict("tw-reuse", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        double ports = r.figure("clientPorts");
        // Counted, not timed: how fast the client went is the machine's business.
        for (String off : List.of("TwReuse0", "TwReuse2")) { // 2 is loopback only
            assertEquals(ports, r.figure("timeWaitPeak" + off), off + ": a TIME_WAIT on every port");
            assertEquals(0, r.figure("twRecycled" + off), off + ": none taken over");
            assertTrue(r.figure("eaddrnotavail" + off) > 0, off + ": then connect() fails");
        }
        assertTrue(r.figure("completedTwReuse1") > ports, "ports taken over: " + r.figure("completedTwReuse1"));
        assertTrue(r.figure("twRecycledTwReuse1") > 0);
        assertTrue(r.figure("sustainedCpsTwReuse1") <= 1.3 * ports, "at most ports / 1 s delay: "
                + r.figure("sustainedCpsTwReuse1"));
        assertEquals(0, r.figure("eaddrnotavailTwReuse1Delay100"), "a 100 ms delay sustains 10,000 per second");
        assertTrue(r.figure("twRecycledTwReuse1Delay100") > 0);
    }

    @Test
    void timeWaitSocketIsASmallObjectAndTheBucketLimitCapsThem() {
        ExperimentResult r = run.assertVerdict("kernel-memory", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        double bytes = r.figure("bytesPerTimeWaitSocket");
        assertTrue(bytes >= 128 && bytes <= 512, "tw_sock_TCP object: " + bytes + " bytes");
        assertTrue(bytes < r.figure("bytesPerTcpSocket") / 4);
        assertEquals(r.figure("maxTwBuckets"), r.figure("timeWaitAtCeiling"));
        assertEquals(r.figure("maxTwBuckets"), r.figure("timeWaitOverflow"));
    }

    @Test
    void reportTellsEachClaimWithItsSourceAndVerdict() throws Exception {
        String md = Files.readString(run.folder().resolve("report.md"));
        for (ExperimentResult r : run.file().results()) {
            assertTrue(md.contains("## " + r.title()), r.title());
            assertTrue(md.contains(r.source().title()), r.source().title());
        }
        assertTrue(Files.isRegularFile(run.folder().resolve("charts/experiment-tw-reuse.png")));
        assertTrue(Files.isDirectory(run.folder().resolve("tw-reuse")), "the churn runs' folders are kept");
    }

    /** 200 NAT ports at 100 connections/s: full after 2 s held open, never under churn (Linux reuses TIME_WAIT entries). */
    @Test
    void aNatsPortsBoundOpenConnectionsButNotChurn() {
        ExperimentResult r = run.assertVerdict("nat-ports-bound-open-connections", Verdict.HOLDS_WITH_LINUX_DIFFERENCE);
        assertEquals(r.figure("natPorts"), r.figure("heldPeakMappings"), "the held-open mappings plateau at the pool");
        assertTrue(r.figure("heldDrops") > 0 && r.figure("heldTimeouts") > 0, r.observed());
        // The first drop comes as the pool fills, not exactly when: near full, the kernel's search
        // for a free port (a bounded number of tries from a random offset) can miss the last few
        // (once at 1.778 s of a predicted 2.0 s). Never with most of the pool still free, nor long after.
        double predicted = r.figure("heldPredictedFullSecond");
        double firstDrop = r.figure("heldFirstDropSecond");
        assertTrue(firstDrop >= 0.75 * predicted && firstDrop <= 1.1 * predicted, r.observed());
        // Twice the pool was due; how many started is the client's pace on a busy machine (a CI run
        // started 399 of 400), that every one started connected through the pool is the kernel's.
        assertEquals(r.figure("churnStarted"), r.figure("churnCompleted"), "every connection started connected");
        assertTrue(r.figure("churnCompleted") > 1.5 * r.figure("natPorts"), "well beyond the pool: " + r.observed());
        assertEquals(0, r.figure("churnFailed"));
        assertEquals(0, r.figure("churnDrops"));
        // Nearly every port's entry was in TIME_WAIT at once, and reused; never more entries than ports.
        assertTrue(r.figure("churnPeakTimeWaitEntries") <= r.figure("natPorts")
                && r.figure("churnPeakTimeWaitEntries") >= 0.9 * r.figure("natPorts"), r.observed());
    }

    @Test
    void behindANatTheServersTimeWaitRetransmitsSynsOnceThePortsAreReused() {
        ExperimentResult r = run.assertVerdict("nat-server-time-wait", Verdict.HOLDS);
        assertTrue(r.figure("synRetransServerFirst") > 0, r.observed());
        assertEquals(0, r.figure("synRetransClientFirst"), r.observed());
        // Retransmissions start with the reuse, not with the load: once the pool's fresh ports are
        // well used. The kernel's bounded port search lands on a port in TIME_WAIT before the last
        // fresh one is taken, and how early varies: CI runs saw the first at 1.778 s and at 1.5 s
        // of a predicted 2.0 s. Half the pool is the bound that still tells reuse from the start.
        double first = r.figure("firstSynRetransSecondServerFirst");
        double reuse = r.figure("reuseStartsSecond");
        assertTrue(first >= 0.5 * reuse && first <= reuse + 1.2, r.observed());
        assertTrue(r.figure("connectMaxUsServerFirst") >= 1_000_000, "a connect waited the 1 s retransmission");
        // The server's TIME_WAIT is capped by the NAT's 4-tuples, not by the client's ports.
        assertTrue(r.figure("serverTimeWaitPeakServerFirst") <= r.figure("natPorts")
                && r.figure("serverTimeWaitPeakServerFirst") >= 0.9 * r.figure("natPorts"), r.observed());
    }
}

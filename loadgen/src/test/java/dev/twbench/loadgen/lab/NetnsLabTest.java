package dev.twbench.loadgen.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twbench.loadgen.LabRequirements;
import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.scenario.Nat;
import dev.twbench.loadgen.scenario.NatMode;
import dev.twbench.loadgen.scenario.RouterSysctl;
import dev.twbench.loadgen.scenario.Side;
import dev.twbench.loadgen.scenario.SysctlOverrides;
import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.ProcFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetnsLabTest {

    @BeforeEach
    void needsTheNamespaceLab() {
        LabRequirements.assumeNamespaceLab();
    }

    private static String readInside(String ns, NamespaceSysctl key) {
        return HostSysctls.canonical(Netns.exec(ns, List.of("cat", key.procPath().toString())).orThrow().stdout());
    }

    @Test
    void eachSideStartsFromTheHostsValuesThenGetsItsOverrides() {
        Map<NamespaceSysctl, String> host = HostSysctls.read();
        SysctlOverrides overrides = SysctlOverrides.parse(List.of("net.ipv4.tcp_fin_timeout=17"),
                List.of("net.ipv4.tcp_tw_reuse=1", "net.ipv4.ip_local_port_range=40000 40999"),
                List.of("net.ipv4.tcp_max_tw_buckets=1000"));
        try (NetnsLab lab = NetnsLab.create(overrides)) {
            String c = lab.namespace(Side.CLIENT);
            String s = lab.namespace(Side.SERVER);
            // What the kernel has in each namespace, asked independently of the lab's own read-back.
            assertEquals("1", readInside(c, NamespaceSysctl.TCP_TW_REUSE));
            assertEquals(host.get(NamespaceSysctl.TCP_TW_REUSE), readInside(s, NamespaceSysctl.TCP_TW_REUSE));
            assertEquals("40000 40999", readInside(c, NamespaceSysctl.IP_LOCAL_PORT_RANGE));
            assertEquals("1000", readInside(s, NamespaceSysctl.TCP_MAX_TW_BUCKETS));
            assertEquals(host.get(NamespaceSysctl.TCP_MAX_TW_BUCKETS), readInside(c, NamespaceSysctl.TCP_MAX_TW_BUCKETS));
            assertEquals("17", readInside(c, NamespaceSysctl.TCP_FIN_TIMEOUT));
            assertEquals("17", readInside(s, NamespaceSysctl.TCP_FIN_TIMEOUT));
            // And the lab's record of it, for run.json, agrees.
            assertEquals("1", lab.side(Side.CLIENT).sysctls().get("net.ipv4.tcp_tw_reuse"));
            assertEquals("40000 40999", lab.side(Side.CLIENT).sysctls().get("net.ipv4.ip_local_port_range"));
            assertEquals(NamespaceSysctl.values().length, lab.side(Side.SERVER).sysctls().size());
        }
        assertEquals(host, HostSysctls.read(), "the host's own sysctls are never written");
    }

    /** The NAT lab's router: its one rule lives in its namespace; the host's ruleset never changes. */
    @Test
    void theNatRoutersRuleLivesInItsNamespaceAndGoesWithIt() {
        LabRequirements.assumeCommand("nft", "nftables");
        String hostRuleset = Exec.run(List.of("nft", "list", "ruleset")).orThrow().stdout();
        Nat nat = new Nat(1000, 2, NatMode.FULLY_RANDOM,
                Map.of(RouterSysctl.TIMEOUT_TIME_WAIT, "30"));
        long holder;
        List<String> namespaces;
        try (NetnsLab lab = NetnsLab.create(SysctlOverrides.none(), 1, Optional.of(nat))) {
            String r = lab.namespace(Side.ROUTER);
            String rules = Netns.exec(r, List.of("nft", "list", "ruleset")).orThrow().stdout();
            assertTrue(rules.contains("oifname \"twbs\" meta l4proto tcp snat to 198.18.2.1-198.18.2.2:40000-40999"
                    + " fully-random"), rules);
            assertEquals(hostRuleset, Exec.run(List.of("nft", "list", "ruleset")).orThrow().stdout());
            assertEquals("30", lab.side(Side.ROUTER).sysctls().get("net.netfilter.nf_conntrack_tcp_timeout_time_wait"));
            assertEquals("30", Netns.exec(r, List.of("cat", "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait"))
                    .orThrow().stdout().strip());
            assertEquals(List.of("198.18.2.1", "198.18.2.2"), lab.side(Side.ROUTER).addresses());
            assertEquals(List.of("198.19.0.2"), lab.side(Side.CLIENT).addresses());
            holder = lab.router().orElseThrow().holderPid();
            assertTrue(ProcessHandle.of(holder).isPresent());
            namespaces = List.of(lab.namespace(Side.CLIENT), r, lab.namespace(Side.SERVER));
        }
        assertTrue(ProcessHandle.of(holder).isEmpty() || !ProcessHandle.of(holder).get().isAlive(),
                "the router's process went with it");
        for (String ns : namespaces) {
            assertFalse(Netns.list().contains(ns), ns + " removed");
        }
        assertEquals(hostRuleset, Exec.run(List.of("nft", "list", "ruleset")).orThrow().stdout());
    }

    @Test
    void sidesTalkOverTheirVethAndTheHostSeesNoNewInterface() {
        String hostLinks = Exec.run(List.of("ip", "-o", "link")).orThrow().stdout();
        try (NetnsLab lab = NetnsLab.create(SysctlOverrides.none())) {
            String c = lab.namespace(Side.CLIENT);
            assertTrue(Netns.exec(c, List.of("ip", "-o", "addr")).orThrow().stdout().contains(LabAddresses.CLIENT + "/16"));
            String route = Netns.exec(c, List.of("ip", "route", "get", LabAddresses.SERVER)).orThrow().stdout();
            assertTrue(route.contains("dev " + LabAddresses.VETH), route);
            assertEquals(hostLinks, Exec.run(List.of("ip", "-o", "link")).orThrow().stdout());
        }
    }

    @Test
    void closeRemovesBothNamespacesAndCanBeRepeated() {
        NetnsLab lab = NetnsLab.create(SysctlOverrides.none());
        List<String> names = List.of(lab.namespace(Side.CLIENT), lab.namespace(Side.SERVER));
        assertTrue(Netns.list().containsAll(names));
        lab.close();
        lab.close();
        assertTrue(Netns.list().stream().noneMatch(names::contains), Netns.list().toString());
    }

    @Test
    void theKernelRefusingAValueRemovesTheHalfBuiltLab() {
        // Built directly, skipping the CLI's own check, so that the kernel is the one to refuse it.
        SysctlOverrides inverted = new SysctlOverrides(Map.of(NamespaceSysctl.IP_LOCAL_PORT_RANGE, "60999 32768"),
                Map.of());
        SysctlRejectedException e = assertThrows(SysctlRejectedException.class, () -> NetnsLab.create(inverted));
        assertTrue(e.getMessage().contains("net.ipv4.ip_local_port_range=60999 32768"), e.getMessage());
        java.util.regex.Matcher ns = java.util.regex.Pattern.compile("twb-\\d+-\\d+-c").matcher(e.getMessage());
        assertTrue(ns.find(), "the message names the namespace: " + e.getMessage());
        String lab = ns.group().substring(0, ns.group().length() - 2);
        assertFalse(Netns.list().contains(lab + "-c") || Netns.list().contains(lab + "-s"), Netns.list().toString());
    }

    @Test
    void labLeftByADeadRunIsRemovedWithItsHungAgentButNotWithOthersProcesses() throws Exception {
        // The owner: a pid no process can have (above pid_max). A pid of a process that just
        // exited can be reused within the test on a busy machine (pid_max is 32768 here).
        long deadOwner = Long.parseLong(ProcFiles.read(java.nio.file.Path.of("/proc/sys/kernel/pid_max")).strip()) + 1;
        String name = "twb-" + deadOwner + "-1-c";
        Netns.add(name);
        // A hung agent started as a lab starts it (its stdin still open, so it does not exit by
        // itself), a bystander, and a process marked as another lab's.
        Process agent = new ProcessBuilder(NetnsLab.commandIn(name, AgentCommand.forThisJvm()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process bystander = new ProcessBuilder("ip", "netns", "exec", name, "sleep", "60").start();
        Process otherLabs = new ProcessBuilder("ip", "netns", "exec", name, "env", LabMarker.VARIABLE + "=twb-1-1-c",
                "sleep", "60").start();
        try {
            List<String> notices;
            // No run of this JVM may sweep meanwhile: this lab looks abandoned to every sweep, and one
            // (a test starting a run beside this one) ended the agent before the marker was read (CI).
            synchronized (StaleLabs.class) {
                // All three inside, and the agent past ip's and env's exec (until then its command line is theirs).
                waitUntil(() -> Netns.pids(name).size() == 3 && runsAgentMain(agent.pid()),
                        "the agent, the bystander and the other lab's process in " + name);
                assertTrue(LabMarker.carriedBy(agent.pid(), name), "env execs in place: the pid is the marked agent's");
                notices = StaleLabs.removeAbandoned();
            }
            // Another twbench run on this machine may have swept it first (sweeps take turns):
            // then this sweep does not see it at all, and the end state below is that run's work.
            List<String> ours = notices.stream().filter(n -> n.contains(name)).toList();
            assertTrue(ours.isEmpty() || ours.size() == 1 && ours.get(0).contains("1 leftover agent"), notices.toString());
            assertFalse(Netns.list().contains(name));
            assertTrue(agent.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the hung agent was ended");
            assertTrue(bystander.isAlive(), "a process twbench did not start is left alone");
            assertTrue(otherLabs.isAlive(), "a process marked for another lab is left alone");
        } finally {
            agent.destroyForcibly();
            bystander.destroyForcibly();
            otherLabs.destroyForcibly();
            Netns.delete(name);
        }
    }

    @Test
    void labOfARunningOwnerIsLeftAlone() {
        String name = "twb-" + ProcessHandle.current().pid() + "-99999-s";
        Netns.add(name);
        try {
            StaleLabs.removeAbandoned();
            assertTrue(Netns.list().contains(name));
        } finally {
            Netns.delete(name);
        }
    }

    /** Polls until {@code condition} holds; the 60 s deadline only bounds a wait that normally takes milliseconds. */
    private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static boolean runsAgentMain(long pid) {
        try {
            String cmdline = ProcFiles.read(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(cmdline.split("\u0000")).contains(dev.twbench.loadgen.agent.AgentMain.class.getName());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}

package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads (never writes) the host's values of the per-namespace sysctls. In a process re-executed
 * inside a user namespace, /proc/sys/net shows that process's own new network namespace, so the
 * host's values come from the parent, which read them before re-executing.
 */
public final class HostSysctls {
    /** The host's values, {@code key=value} lines, handed from the parent to a re-executed twbench. */
    public static final String VARIABLE = "TWBENCH_HOST_SYSCTLS";

    private HostSysctls() {
    }

    /** Every {@link NamespaceSysctl} this kernel has, with the host's current value ("32768 60999" style). */
    public static Map<NamespaceSysctl, String> read() {
        String handedOver = System.getenv(VARIABLE);
        return handedOver != null ? decode(handedOver) : ofThisNamespace();
    }

    /** The host's values as an environment variable's value, for a re-executed twbench. */
    public static String encode() {
        StringBuilder lines = new StringBuilder();
        ofThisNamespace().forEach((k, v) -> lines.append(k.key()).append('=').append(v).append('\n'));
        return lines.toString();
    }

    static Map<NamespaceSysctl, String> decode(String lines) {
        Map<NamespaceSysctl, String> values = new EnumMap<>(NamespaceSysctl.class);
        for (String line : lines.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                NamespaceSysctl.byName(line.substring(0, eq)).ifPresent(k -> values.put(k, line.substring(eq + 1)));
            }
        }
        return values;
    }

    /**
     * The values of this process's own network namespace, whatever a parent handed over: what
     * its socket table was made under ({@code doctor}).
     */
    public static Map<NamespaceSysctl, String> ofThisNamespace() {
        Map<NamespaceSysctl, String> values = new EnumMap<>(NamespaceSysctl.class);
        for (NamespaceSysctl sysctl : NamespaceSysctl.values()) {
            if (Files.isReadable(sysctl.procPath())) {
                try {
                    values.put(sysctl, canonical(ProcFiles.read(sysctl.procPath())));
                } catch (IOException e) {
                    throw new LabException("cannot read " + sysctl.procPath() + ": " + e.getMessage(), e);
                }
            }
        }
        return values;
    }

    /** The kernel prints tabs between fields; we write and compare with single spaces. */
    static String canonical(String procValue) {
        return procValue.strip().replaceAll("\\s+", " ");
    }
}

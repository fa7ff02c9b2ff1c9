package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.sys.ProcFiles;
import dev.twbench.loadgen.scenario.NamespaceSysctl;
import java.io.IOException;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;

/** Reads (never writes) this process's namespace's values of the per-namespace sysctls. */
public final class HostSysctls {
    private HostSysctls() {
    }

    /** Every {@link NamespaceSysctl} this kernel has, with its current value ("32768 60999" style). */
    public static Map<NamespaceSysctl, String> read() {
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

package dev.twbench.loadgen.lab;

import dev.twbench.loadgen.scenario.NamespaceSysctl;
import dev.twbench.loadgen.sys.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Per-namespace sysctls of a JVM in a {@link FreshNamespace} (a benchmark, an experiment). They are
 * written only there: outside, a benchmark ({@code --no-isolation}) may only run where the
 * namespace already has the value it needs, and says which otherwise (twbench never writes the
 * host's sysctls).
 */
public final class NamespaceSysctls {
    private NamespaceSysctls() {
    }

    /** This namespace's value, with single spaces ("32768 60999"). */
    public static String read(NamespaceSysctl sysctl) {
        try {
            return ProcFiles.read(sysctl.procPath()).strip().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new LabException("cannot read " + sysctl.key() + ": " + e.getMessage(), e);
        }
    }

    /** A value that was changed, to put back when a benchmark's trial ends (the next one shares the namespace). */
    public record Change(NamespaceSysctl sysctl, String previous) {
        public void undo() {
            write(sysctl, previous);
        }
    }

    /**
     * Sets a value, or checks that it is already so outside the isolated namespace.
     *
     * @return what to undo at the end of the trial; empty if the value was already so
     * @throws IllegalStateException outside isolation, when the namespace has another value
     */
    public static Optional<Change> require(NamespaceSysctl sysctl, String value) {
        String wanted = sysctl.normalise("benchmark sysctl", value);
        String current = read(sysctl);
        if (current.equals(wanted)) {
            return Optional.empty();
        }
        if (!FreshNamespace.inside()) {
            throw new IllegalStateException("this benchmark needs " + sysctl.key() + "=" + wanted + " (here: "
                    + current + "); twbench sets it only in its isolated namespace: run without --no-isolation");
        }
        write(sysctl, wanted);
        return Optional.of(new Change(sysctl, current));
    }

    /** Like {@link #require} for a numeric limit that may also be higher. */
    public static Optional<Change> atLeast(NamespaceSysctl sysctl, long minimum) {
        return Long.parseLong(read(sysctl)) >= minimum ? Optional.empty() : require(sysctl, Long.toString(minimum));
    }

    public static void write(NamespaceSysctl sysctl, String value) {
        if (!FreshNamespace.inside()) {
            throw new IllegalStateException("refusing to write " + sysctl.key() + " outside the isolated namespace");
        }
        try {
            Files.writeString(sysctl.procPath(), value);
        } catch (IOException e) {
            throw new LabException("cannot set " + sysctl.key() + "=" + value + " in the isolated namespace: "
                    + e.getMessage(), e);
        }
    }
}

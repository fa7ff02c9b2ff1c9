package dev.twbench.loadgen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twbench.loadgen.sys.Exec;
import dev.twbench.loadgen.sys.Privileges;
import java.util.List;

/** Tests that need the namespace lab call this first; on a machine without it they skip and say why. */
public final class LabRequirements {
    private LabRequirements() {
    }

    public static void assumeNamespaceLab() {
        assumeTrue(Privileges.isRoot(),
                "skipped: the namespace lab needs root (CAP_SYS_ADMIN) to create network namespaces");
        assumeTrue(Exec.run(List.of("ip", "-V")).ok(),
                "skipped: iproute2's 'ip' command is not installed (apt-get install iproute2)");
    }

    /** A command the test runs, from a Debian package; .ci/run installs it. */
    public static void assumeCommand(String command, String debianPackage) {
        assumeTrue(Exec.run(List.of("sh", "-c", "command -v " + command)).ok(),
                "skipped: '" + command + "' is not installed (apt-get install " + debianPackage + ")");
    }
}

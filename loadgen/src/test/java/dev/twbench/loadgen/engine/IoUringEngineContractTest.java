package dev.twbench.loadgen.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twbench.loadgen.agent.AgentCommand;
import dev.twbench.loadgen.scenario.Transport;
import dev.twbench.loadgen.sys.Privileges;
import io.netty.channel.uring.IoUring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;

class IoUringEngineContractTest extends EngineContract {
    private static final Path IO_URING_DISABLED = Path.of("/proc/sys/kernel/io_uring_disabled");

    @Override
    Transport transport() {
        return Transport.IO_URING;
    }

    /** kernel.io_uring_disabled: 0 every process may, 1 only root and the group kernel.io_uring_group, 2 none. */
    @Override
    Optional<String> kernelRefusal() {
        String setting;
        try {
            setting = Files.isReadable(IO_URING_DISABLED) ? Files.readString(IO_URING_DISABLED).strip() : "0";
        } catch (IOException e) {
            return Optional.empty();
        }
        return switch (setting) {
            case "2" -> Optional.of("kernel.io_uring_disabled=2: this kernel gives io_uring to no process");
            case "1" -> Privileges.isRoot() ? Optional.empty() : Optional.of("kernel.io_uring_disabled=1: this kernel"
                    + " gives io_uring only to root and the group kernel.io_uring_group, and this JVM runs as uid "
                    + Privileges.uid().orElse(-1));
            default -> Optional.empty();
        };
    }

    @BeforeEach
    void pollsAreSingleShot() {
        assertFalse(IoUring.isPollAddMultishotEnabled(), "io_uring's multishot polls lose the peer's RST: run with "
                + AgentCommand.IO_URING_SINGLE_SHOT_POLL + " (loadgen's pom sets it for its tests)");
    }
}

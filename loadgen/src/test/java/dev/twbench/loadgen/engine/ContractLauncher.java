package dev.twbench.loadgen.engine;

import dev.twbench.loadgen.sys.Privileges;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Runs test classes with the JUnit Platform Launcher and prints who ran them and how each test
 * ended, one tab-separated line each after {@link #PREFIX}: the child JVM of
 * NonRootEngineContractTest, which reads these lines.
 *
 * <pre>
 * java -cp ... dev.twbench.loadgen.engine.ContractLauncher dev.twbench.loadgen.engine.NioEngineContractTest ...
 * contract-result  uid      65534
 * contract-result  capEff   0000000000000000
 * contract-result  test     SUCCESSFUL  dev.twbench.loadgen.engine.NioEngineContractTest  theClosedLoop...  [engine:...]
 * </pre>
 */
final class ContractLauncher {
    static final String PREFIX = "contract-result\t";

    private ContractLauncher() {
    }

    /** The classes, as one discovery request (the parent discovers with the same request). */
    static LauncherDiscoveryRequest request(List<String> classNames) {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(classNames.stream().map(DiscoverySelectors::selectClass).toList()).build();
    }

    public static void main(String[] classNames) throws IOException {
        PrintStream out = System.out;
        out.println(PREFIX + "uid\t" + Privileges.uid().orElse(-1));
        out.println(PREFIX + "capEff\t" + effectiveCapabilities());
        LauncherFactory.create().execute(request(Arrays.asList(classNames)), new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                report(id, "SKIPPED", reason);
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() || result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    report(id, result.getStatus().name(), result.getThrowable().map(String::valueOf).orElse(""));
                    result.getThrowable().ifPresent(t -> t.printStackTrace(out));
                }
            }

            private void report(TestIdentifier id, String status, String reason) {
                String where = id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .map(m -> m.getClassName() + "\t" + m.getMethodName()).orElse(id.getDisplayName() + "\t-");
                out.println(PREFIX + "test\t" + status + "\t" + where + "\t" + oneLine(id.getDisplayName()) + "\t"
                        + oneLine(reason));
            }
        });
        out.flush();
        System.exit(0); // the parent judges the lines; engine threads must not keep this JVM alive
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ");
    }

    /** CapEff from /proc/self/status: what this process may do beyond its uid. */
    private static String effectiveCapabilities() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .map(l -> l.substring("CapEff:".length()).strip()).findFirst().orElse("unknown");
    }
}

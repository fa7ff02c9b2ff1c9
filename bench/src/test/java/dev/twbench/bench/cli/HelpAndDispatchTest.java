package dev.twbench.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class HelpAndDispatchTest {

    private static String run(String... args) {
        CommandLine cli = Cli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(args));
        return out.toString();
    }

    @Test
    void helpListsTwbenchCommandsAndHowToReachJmh() {
        String help = run("--help");
        assertTrue(help.contains("run") && help.contains("Measure TIME_WAIT"), help);
        assertTrue(help.contains("-h       JMH's own options"), help);
        assertFalse(help.contains("-h, --help"), "-h belongs to JMH at the top level: " + help);
    }

    @Test
    void everyRunOptionExplainsItselfInRunHelp() {
        String help = run("run", "--help");
        CommandLine.Model.CommandSpec runSpec = Cli.commandLine().getSubcommands().get("run").getCommandSpec();
        for (OptionSpec option : runSpec.options()) {
            // Negatable options print as --[no-]drain.
            assertTrue(help.contains(option.longestName().replaceFirst("^--", "")), option.longestName());
            assertTrue(option.description().length > 0 && !option.description()[0].isBlank(), option.longestName());
        }
    }

    @Test
    void firstArgumentDecidesBetweenTwbenchAndJmh() {
        assertTrue(Cli.handles("run"));
        assertTrue(Cli.handles("--help"));
        assertTrue(Cli.handles("--version"));
        assertFalse(Cli.handles("-h"), "JMH's help");
        assertFalse(Cli.handles("-l"));
        assertFalse(Cli.handles("ProbeRead"), "a JMH benchmark filter");
    }

    @Test
    void jmhOptionsReachJmhUnchanged(@TempDir Path work) throws Exception {
        CliProcess cli = CliProcess.start(work, "-l");
        assertEquals(0, cli.waitFor(60), cli.stderr());
        assertTrue(cli.stdout().contains("dev.twbench.bench.jmh.ProbeReadBenchmark.sockstatAndNetstat"), cli.stdout());
    }
}

package dev.twbench.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * A first argument that is neither a twbench command nor a JMH option would go to JMH as a
 * benchmark regexp. One that matches no benchmark of the suite is a mistyped command
 * ({@code plna}): it gets a one-line error with the nearest command, before anything (a
 * namespace, a fork) is created.
 */
final class UnknownCommand {
    private static final String BENCHMARK_LIST = "/META-INF/BenchmarkList";

    private UnknownCommand() {
    }

    /** The error line for {@code firstArg}, or empty if JMH should have it (an option, or a regexp that matches). */
    static Optional<String> check(String firstArg, Collection<String> commands) {
        if (firstArg.startsWith("-") || matchesABenchmark(firstArg)) {
            return Optional.empty();
        }
        String nearest = commands.stream().min(Comparator.comparingInt(c -> distance(c, firstArg))).orElse("");
        String hint = distance(nearest, firstArg) <= 2 ? "; did you mean '" + nearest + "'?" : "";
        return Optional.of("unknown command '" + firstArg + "'" + hint + " (commands: " + String.join(", ", commands)
                + "; anything else is a JMH benchmark regexp, and this one matches none: see -l)");
    }

    /** As JMH filters: the regexp found in a benchmark's full name ({@code package.Class.method}). */
    static boolean matchesABenchmark(String regexp) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regexp);
        } catch (PatternSyntaxException e) {
            return false;
        }
        try (InputStream in = UnknownCommand.class.getResourceAsStream(BENCHMARK_LIST)) {
            if (in == null) {
                return true; // no list to check against: let JMH say what it makes of it
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank() && pattern.matcher(new BenchmarkListEntry(line).getUsername()).find()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Levenshtein distance: edits from one word to the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package dev.twbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What twbench adds to JMH's command line: {@code --no-isolation}, and {@code -prof timewait}
 * as a short name for {@link TimeWaitProfiler}. Everything else passes through untouched.
 *
 * @param jmh         the arguments for {@code org.openjdk.jmh.Main}
 * @param isolate     run in a fresh network namespace (the default)
 * @param runsNothing the arguments only list or explain ({@code -l}, {@code -h}, ...): no benchmark runs
 */
record JmhArguments(List<String> jmh, boolean isolate, boolean runsNothing) {
    static final String NO_ISOLATION = "--no-isolation";
    private static final Set<String> LIST_ONLY = Set.of("-l", "-lp", "-lprof", "-lrf", "-h", "-help", "--help");

    static JmhArguments parse(String[] args) {
        List<String> jmh = new ArrayList<>();
        boolean isolate = true;
        boolean runsNothing = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals(NO_ISOLATION)) {
                isolate = false;
                continue;
            }
            runsNothing |= LIST_ONLY.contains(a);
            jmh.add(a);
            if (a.equals("-prof") && i + 1 < args.length) {
                String spec = args[++i];
                runsNothing |= spec.endsWith(":help"); // JMH prints the profiler's help and stops
                jmh.add(profiler(spec));
            }
        }
        return new JmhArguments(List.copyOf(jmh), isolate, runsNothing);
    }

    /** "timewait" and "timewait:opts" name twbench's profiler; anything else is JMH's business. */
    private static String profiler(String spec) {
        String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        return name.equals(TimeWaitProfiler.SHORT_NAME)
                ? TimeWaitProfiler.class.getName() + spec.substring(name.length()) : spec;
    }
}

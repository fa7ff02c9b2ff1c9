package dev.twbench.loadgen.engine;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The one place the engine tests read the engines' counts, by name: when the engines' snapshots
 * change shape, only this changes. A failure kind ({@link Failures#TIMEOUT}, an errno name) is a
 * name too; a name that is neither a count nor a failure kind is an error, never a silent zero.
 */
final class EngineCounts {
    private static final List<String> CLIENT = List.of("due", "started", "connected", "completed", "late",
            "peerResets", "failed");
    private static final List<String> SERVER = List.of("accepted", "completed", "peerResets", "failed");

    private EngineCounts() {
    }

    static long count(ClientEngine.Snapshot s, String name) {
        return switch (name) {
            case "due" -> s.due();
            case "started" -> s.started();
            case "connected" -> s.connected();
            case "completed" -> s.completed();
            case "late" -> s.late();
            case "peerResets" -> s.peerResets();
            case "failed" -> s.failed();
            default -> failures(s.failures(), name);
        };
    }

    static long count(ServerEngine.Snapshot s, String name) {
        return switch (name) {
            case "accepted" -> s.accepted();
            case "completed" -> s.completed();
            case "peerResets" -> s.peerResets();
            case "failed" -> s.failed();
            default -> failures(s.failures(), name);
        };
    }

    static long count(ClientEngine.Batch b, String name) {
        return switch (name) {
            case "completed" -> b.completed();
            case "failed" -> b.failed();
            default -> failures(b.failures(), name);
        };
    }

    /** Every count of the client, for a failure message. */
    static String describe(ClientEngine.Snapshot s) {
        return describe(CLIENT, s.failures(), name -> count(s, name));
    }

    static String describe(ServerEngine.Snapshot s) {
        return describe(SERVER, s.failures(), name -> count(s, name));
    }

    private static long failures(Map<String, Long> failures, String kind) {
        if (!Failures.COLUMNS.contains(kind)) {
            throw new IllegalArgumentException("no count named " + kind);
        }
        return failures.getOrDefault(kind, 0L);
    }

    private static String describe(List<String> names, Map<String, Long> failures, ToLongFunction<String> count) {
        StringBuilder text = new StringBuilder();
        names.forEach(n -> text.append(n).append('=').append(count.applyAsLong(n)).append(' '));
        return text.append("failures=").append(failures).toString();
    }
}

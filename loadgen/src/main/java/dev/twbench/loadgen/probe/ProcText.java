package dev.twbench.loadgen.probe;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code name value} pairs out of /proc/net text without regular expressions or a string per
 * token: the probe reads four such files ten times a second beside the load, and only the handful
 * of names the counter schema asks for are looked at.
 */
final class ProcText {
    private ProcText() {
    }

    /**
     * The values of {@code names} in a header line and a value line that begin with {@code prefix}
     * (netstat's {@code TcpExt: TW TWRecycled ...} over {@code TcpExt: 10 2 ...}); null without such a pair.
     */
    static Map<String, Long> headerAndValues(String text, String prefix, Collection<String> names) {
        int header = lineStarting(text, prefix, 0);
        while (header >= 0) {
            int headerEnd = lineEnd(text, header);
            if (text.startsWith(prefix, headerEnd + 1)) {
                return pairs(text, header + prefix.length(), headerEnd, headerEnd + 1 + prefix.length(), names);
            }
            header = lineStarting(text, prefix, headerEnd + 1);
        }
        return null;
    }

    /**
     * The values of {@code names} in one line of alternating names and values that begins with
     * {@code prefix} (sockstat's {@code TCP: inuse 5 orphan 0 tw 12 ...}); null without such a line.
     */
    static Map<String, Long> alternating(String text, String prefix, Collection<String> names) {
        int line = lineStarting(text, prefix, 0);
        if (line < 0) {
            return null;
        }
        int end = lineEnd(text, line);
        Map<String, Long> found = new HashMap<>();
        int i = line + prefix.length();
        while (true) {
            int nameStart = skipSpaces(text, i, end);
            int nameEnd = tokenEnd(text, nameStart, end);
            int valueStart = skipSpaces(text, nameEnd, end);
            int valueEnd = tokenEnd(text, valueStart, end);
            if (valueStart == valueEnd) {
                return found;
            }
            String name = match(text, nameStart, nameEnd, names);
            if (name != null) {
                found.put(name, Long.parseLong(text, valueStart, valueEnd, 10));
            }
            i = valueEnd;
        }
    }

    /** Walks the header line [hi, hEnd) and the value line from vi in step. */
    private static Map<String, Long> pairs(String text, int hi, int hEnd, int vi, Collection<String> names) {
        int vEnd = lineEnd(text, vi);
        Map<String, Long> found = new HashMap<>();
        while (true) {
            int nameStart = skipSpaces(text, hi, hEnd);
            int nameEnd = tokenEnd(text, nameStart, hEnd);
            int valueStart = skipSpaces(text, vi, vEnd);
            int valueEnd = tokenEnd(text, valueStart, vEnd);
            if (nameStart == nameEnd || valueStart == valueEnd) {
                return found;
            }
            String name = match(text, nameStart, nameEnd, names);
            if (name != null) {
                found.put(name, Long.parseLong(text, valueStart, valueEnd, 10));
            }
            hi = nameEnd;
            vi = valueEnd;
        }
    }

    private static String match(String text, int start, int end, Collection<String> names) {
        for (String name : names) {
            if (name.length() == end - start && text.startsWith(name, start)) {
                return name;
            }
        }
        return null;
    }

    /** The index of the first line at or after {@code from} that starts with {@code prefix}, or -1. */
    private static int lineStarting(String text, String prefix, int from) {
        int i = from;
        while (i < text.length()) {
            if (text.startsWith(prefix, i)) {
                return i;
            }
            i = lineEnd(text, i) + 1;
        }
        return -1;
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    private static int skipSpaces(String text, int i, int end) {
        while (i < end && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String text, int i, int end) {
        while (i < end && text.charAt(i) != ' ') {
            i++;
        }
        return i;
    }
}

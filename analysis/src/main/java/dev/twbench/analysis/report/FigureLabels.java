package dev.twbench.analysis.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An experiment's figure names, as experiments.json keeps them ({@code firstLeftSecondsFinTimeout5}),
 * read as a person writes them: "first left (s), tcp_fin_timeout=5". The words stay the
 * experiment's; units go in brackets where they stand, the sysctl a figure was measured under
 * follows a comma, and the kernel's names keep their spelling (TIME_WAIT, TW, TCP).
 */
final class FigureLabels {
    /** camelCase words and numbers: "first", "Left", "Seconds", "Fin", "Timeout", "5". */
    private static final Pattern WORD = Pattern.compile("[A-Z]\\d+|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\\d+[a-z]?");
    private static final Map<String, String> UNITS = Map.of("seconds", "s", "ms", "ms", "cps", "per second",
            "bytes", "bytes");
    private static final Map<String, String> SPELLING = Map.ofEntries(Map.entry("tw", "TW"), Map.entry("tcp", "TCP"),
            Map.entry("mib", "MiB"), Map.entry("eof", "EOF"), Map.entry("jdk", "JDK"), Map.entry("addr", "address"),
            Map.entry("eaddrinuse", "EADDRINUSE"), Map.entry("eaddrnotavail", "EADDRNOTAVAIL"),
            Map.entry("econnrefused", "ECONNREFUSED"), Map.entry("econnreset", "ECONNRESET"),
            Map.entry("etimedout", "ETIMEDOUT"));
    /** Sysctls a figure may be measured under: the words that name one, then its value. */
    private static final List<Setting> SETTINGS = List.of(new Setting(List.of("tw", "reuse"), "tcp_tw_reuse=", ""),
            new Setting(List.of("fin", "timeout"), "tcp_fin_timeout=", ""), new Setting(List.of("delay"), "delay ", " ms"));

    /** A sysctl's words in a key, how to write it, and its value's unit. */
    private record Setting(List<String> words, String prefix, String unit) {
    }

    private FigureLabels() {
    }

    static String of(String key) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(key);
        while (m.find()) {
            words.add(m.group().toLowerCase(Locale.ROOT));
        }
        StringBuilder phrase = new StringBuilder();
        List<String> after = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            Setting setting = settingAt(words, i);
            if (setting != null) {
                int value = i + setting.words().size();
                after.add(setting.prefix() + words.get(value) + setting.unit());
                i = value;
            } else if (w.equals("time") && i + 1 < words.size() && words.get(i + 1).equals("wait")) {
                append(phrase, after, "TIME_WAIT");
                i++;
            } else if (UNITS.containsKey(w) && !phrase.isEmpty()) {
                // A unit after words is the figure's unit; a first word ("bytes per ...") is a word.
                append(phrase, after, "(" + UNITS.get(w) + ")");
            } else {
                append(phrase, after, SPELLING.getOrDefault(w, w));
            }
        }
        return phrase + (after.isEmpty() ? "" : ", " + String.join(", ", after));
    }

    /** Words after a setting (or a unit) qualify the figure: "bound after (s), both". */
    private static void append(StringBuilder phrase, List<String> after, String word) {
        if (!after.isEmpty()) {
            after.set(after.size() - 1, after.get(after.size() - 1) + " " + word);
        } else if (phrase.toString().endsWith(")") && !word.startsWith("(")) {
            after.add(word);
        } else {
            phrase.append(phrase.isEmpty() ? "" : " ").append(word);
        }
    }

    /** The setting whose words start at {@code i} and are followed by a number, or null. */
    private static Setting settingAt(List<String> words, int i) {
        for (Setting s : SETTINGS) {
            int value = i + s.words().size();
            if (value < words.size() && words.subList(i, value).equals(s.words())
                    && Character.isDigit(words.get(value).charAt(0))) {
                return s;
            }
        }
        return null;
    }
}

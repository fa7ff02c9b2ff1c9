package dev.twbench.bench.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A markdown file of the repository, read once, and what it refers to: its links, the anchors of
 * its headings, and the words in it that look like paths.
 *
 * <pre>{@code
 * MarkdownFile readme = MarkdownFile.read(root.resolve("README.md"));
 * readme.linkTargets();    // ["results/reference/", "docs/kernel-facts.md#capacity", ...]
 * readme.pathLikeWords();  // ["scripts/throughput.sh", "plans/tw-reuse-vs-close.yaml", ...]
 * readme.anchors();        // ["twbench", "what-run-does", ...]
 * }</pre>
 */
record MarkdownFile(Path path, String text) {
    /** {@code [text](target)} and {@code ![alt](target "title")}. */
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} on a line of its own. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    /** Runs of the characters file names are made of, with a slash inside. */
    private static final Pattern PATH_WORD = Pattern.compile("[A-Za-z0-9_.\\-/]*[A-Za-z0-9_.\\-]/[A-Za-z0-9_.\\-/]*");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    static MarkdownFile read(Path path) {
        try {
            return new MarkdownFile(path, Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with every fenced code block blanked out (a link inside a fence is not a link). */
    String prose() {
        StringBuilder out = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            boolean fence = line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~");
            out.append(inFence || fence ? "" : line).append('\n');
            if (fence) {
                inFence = !inFence;
            }
        }
        return out.toString();
    }

    /** Every link target as written, anchor included: {@code ../README.md}, {@code #capacity}. */
    List<String> linkTargets() {
        List<String> targets = new ArrayList<>();
        String prose = proseWithoutCodeSpans();
        for (Pattern p : List.of(INLINE_LINK, REFERENCE_LINK)) {
            Matcher m = p.matcher(prose);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the headings: "## Who gets TIME_WAIT" becomes {@code who-gets-time_wait}. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(prose());
        while (m.find()) {
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
        }
        return anchors;
    }

    /**
     * Every word, in prose and in code, that could be a path: {@code docs/kernel-facts.md},
     * {@code ../results/reference/}, {@code analysis/.../capacity/CapacityModel.java}, but also
     * {@code 198.18.0.0/15} or {@code ms/op}. Whether one names a repository file is for the caller
     * to decide. A placeholder ends a word: {@code results/<run>} gives {@code results/}.
     */
    List<String> pathLikeWords() {
        List<String> words = new ArrayList<>();
        Matcher m = PATH_WORD.matcher(text);
        while (m.find()) {
            String word = m.group();
            while (word.endsWith(".") && !word.endsWith("/..") && !word.endsWith("/...")) {
                word = word.substring(0, word.length() - 1); // the sentence's full stop
            }
            words.add(word);
        }
        return words;
    }

    /** The contents of every inline code span outside fences: {@code experiments lifetime}. */
    List<String> codeSpans() {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(prose());
        while (m.find()) {
            spans.add(m.group(1).replaceAll("\\s+", " ").strip());
        }
        return spans;
    }

    /**
     * Everything written as code: each inline code span outside fences, then each fenced block's
     * lines, one string per span or line ({@code MemoryProbe.read}, {@code RunController.execute}).
     */
    List<String> code() {
        List<String> code = new ArrayList<>(codeSpans());
        boolean inFence = false;
        for (String line : text.split("\n", -1)) {
            boolean fence = line.stripLeading().startsWith("```") || line.stripLeading().startsWith("~~~");
            if (inFence && !fence) {
                code.add(line);
            }
            if (fence) {
                inFence = !inFence;
            }
        }
        return code;
    }

    private String proseWithoutCodeSpans() {
        return CODE_SPAN.matcher(prose()).replaceAll("``");
    }
}

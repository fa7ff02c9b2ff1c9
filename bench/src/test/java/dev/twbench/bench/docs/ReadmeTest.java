package dev.twbench.bench.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md does its job: the first screen says what twbench is, gives the two commands and shows
 * what a run prints and one chart; a table of contents follows; long reference output lives in
 * docs/, not here.
 */
class ReadmeTest {
    /** About what a browser shows before one scrolls, at GitHub's width. */
    private static final int FIRST_SCREEN_LINES = 45;
    private static final Pattern SECTION = Pattern.compile("(?m)^## (.+)$");
    private static final Pattern CONTENTS_ENTRY = Pattern.compile("(?m)^- \\[[^\\]]+]\\(#([^)]+)\\)$");

    private final Repository repository = Repository.locate();
    private final MarkdownFile readme = MarkdownFile.read(repository.root().resolve("README.md"));

    @Test
    void theFirstScreenHasTheTwoCommandsWhatARunPrintsAndAChart() {
        String first = String.join("\n", readme.text().lines().limit(FIRST_SCREEN_LINES).toList());
        assertTrue(first.contains("mvn -B -q package -DskipTests && java -jar bench/target/benchmarks.jar run"), first);
        assertTrue(first.contains("\nmvn -B verify\n"), "the test command, as .ci/run calls it");
        assertTrue(first.contains("TIME_WAIT client") && first.contains("latency (us)"), "what a run prints");
        assertTrue(first.matches("(?s).*!\\[[^\\]]+]\\(results/reference/[^)]+\\.png\\).*"), "one chart");
    }

    @Test
    void theContentsListEverySectionInOrder() {
        String text = readme.text();
        int contents = text.indexOf("\n## Contents\n");
        assertTrue(contents > 0, "a table of contents");
        List<String> sections = new ArrayList<>();
        String prose = readme.prose(); // fenced code blanked out: a "## " in a shell block is no section
        Matcher m = SECTION.matcher(prose.substring(prose.indexOf("\n## Contents\n") + "\n## Contents\n".length()));
        while (m.find()) {
            sections.add(m.group(1));
        }
        List<String> listed = new ArrayList<>();
        Matcher entry = CONTENTS_ENTRY.matcher(text.substring(contents, text.indexOf("\n## ", contents + 5)));
        while (entry.find()) {
            listed.add(entry.group(1));
        }
        assertEquals(sections.size(), listed.size(), "one entry per section: " + listed + " for " + sections);
        assertTrue(readme.anchors().containsAll(listed), "every entry leads to its section: " + listed);
    }

    @Test
    void longReferenceOutputLivesInDocs() {
        String text = readme.text();
        assertFalse(text.contains("| `--close ORDER` |"), "the options table repeats --help: docs/run-options.md");
        assertFalse(text.contains("| active-closer | holds |"), "experiment verdicts: docs/experiments.md");
        assertFalse(text.contains("Counting N TIME_WAIT sockets (µs per count)"), "JMH tables: docs/jmh-suite.md");
        for (String doc : List.of("docs/run-options.md", "docs/experiments.md", "docs/jmh-suite.md")) {
            assertTrue(readme.linkTargets().contains(doc), "README links " + doc);
        }
        assertTrue(readme.linkTargets().stream().noneMatch(t -> t.endsWith(".log")), "no link to an uncommitted log");
    }
}

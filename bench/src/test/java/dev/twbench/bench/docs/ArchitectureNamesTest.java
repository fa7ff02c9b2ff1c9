package dev.twbench.bench.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md is the map of the code: it names every main class of loadgen, analysis and
 * bench, and every {@code Class.member} it names exists. A class counts as named when its simple
 * name is written as code (in backticks or a fenced block) as a whole identifier: {@code SideTally},
 * {@code MemoryProbe.read}, {@code record/RunOutcome}. A name two classes share ({@code Format},
 * {@code Source}) counts only with its package in front ({@code record.Format}, {@code report.Format}),
 * and a nested type's name after its owner ({@code RunOutcome.Kind}) names no top-level class.
 */
class ArchitectureNamesTest {
    private static final Repository REPO = Repository.locate();
    private static final Path ARCHITECTURE = REPO.root().resolve("docs/ARCHITECTURE.md");
    /** {@code MemoryProbe.read}, {@code Counters.ALL}, {@code Message.AgentSample}: not after a dot (a package). */
    private static final Pattern MEMBER = Pattern.compile("(?<![\\w.$/])([A-Z]\\w*)\\.([A-Za-z_]\\w*)");

    /** A top-level class of a main source tree. */
    record MainClass(String packageName, String simpleName, Path file) {
        static MainClass of(Path file) {
            Path javaRoot = file;
            while (!javaRoot.endsWith("src/main/java")) {
                javaRoot = javaRoot.getParent();
            }
            String pkg = javaRoot.relativize(file.getParent()).toString().replace('/', '.');
            return new MainClass(pkg, file.getFileName().toString().replaceFirst("\\.java$", ""), file);
        }

        String qualifiedName() {
            return packageName + "." + simpleName;
        }

        /** The package's last segment, as a qualifier in the document: {@code record} for {@code record.Format}. */
        String packageTail() {
            return packageName.substring(packageName.lastIndexOf('.') + 1);
        }
    }

    @Test
    void everyMainClassIsNamedInArchitecture() {
        List<MainClass> classes = mainClasses();
        assertTrue(classes.size() > 100, "found only " + classes.size() + " main classes: is the walk right?");
        Map<String, Integer> sharing = new HashMap<>();
        classes.forEach(c -> sharing.merge(c.simpleName(), 1, Integer::sum));
        List<String> code = MarkdownFile.read(ARCHITECTURE).code();
        List<String> unnamed = new ArrayList<>();
        for (MainClass c : classes) {
            boolean shared = sharing.get(c.simpleName()) > 1;
            if (code.stream().noneMatch(text -> names(text, c, shared))) {
                unnamed.add(c.qualifiedName() + (shared ? " (its name is shared: write " + c.packageTail() + "."
                        + c.simpleName() + ")" : ""));
            }
        }
        assertTrue(unnamed.isEmpty(), "main classes docs/ARCHITECTURE.md does not name (as code, in backticks):\n  "
                + String.join("\n  ", unnamed));
    }

    @Test
    void everyClassMemberArchitectureNamesExists() {
        Map<String, List<MainClass>> bySimpleName = new HashMap<>();
        mainClasses().forEach(c -> bySimpleName.computeIfAbsent(c.simpleName(), n -> new ArrayList<>()).add(c));
        TreeSet<String> missing = new TreeSet<>();
        for (String text : MarkdownFile.read(ARCHITECTURE).code()) {
            Matcher m = MEMBER.matcher(text);
            while (m.find()) {
                List<MainClass> owners = bySimpleName.getOrDefault(m.group(1), List.of());
                if (owners.size() == 1 && !declares(owners.get(0).file(), m.group(2))) {
                    missing.add(m.group(1) + "." + m.group(2));
                }
            }
        }
        assertTrue(missing.isEmpty(), "members docs/ARCHITECTURE.md names that their class does not declare:\n  "
                + String.join("\n  ", missing));
    }

    private static List<MainClass> mainClasses() {
        return REPO.mainSources().stream().map(MainClass::of).toList();
    }

    /**
     * True if {@code text} names the class: its simple name as a whole identifier, either alone (for
     * a name no other class has) or after its package's last segment and a dot or slash.
     */
    private static boolean names(String text, MainClass c, boolean shared) {
        Matcher m = Pattern.compile("(?<![\\w$])" + Pattern.quote(c.simpleName()) + "(?![\\w$])").matcher(text);
        while (m.find()) {
            int at = m.start();
            boolean qualifiedAfter = at > 0 && (text.charAt(at - 1) == '.' || text.charAt(at - 1) == '/');
            if (!qualifiedAfter) {
                if (!shared) {
                    return true;
                }
                continue;
            }
            int from = at - 1;
            while (from > 0 && Character.isJavaIdentifierPart(text.charAt(from - 1))) {
                from--;
            }
            if (text.substring(from, at - 1).equals(c.packageTail())) {
                return true;
            }
        }
        return false;
    }

    /** The class file declares {@code member}: a method, field, record component, enum constant or nested type. */
    private static boolean declares(Path javaFile, String member) {
        String code = withoutComments(read(javaFile));
        String name = Pattern.quote(member);
        return Pattern.compile("[\\w>\\]]\\s+" + name + "\\s*[(=;,)]").matcher(code).find()
                || Pattern.compile("(?m)^\\s*" + name + "\\s*[(,;{]").matcher(code).find()
                || Pattern.compile("\\b(?:class|record|interface|enum)\\s+" + name + "\\b").matcher(code).find();
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

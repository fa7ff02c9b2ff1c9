package dev.twbench.bench.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twbench.loadgen.experiment.catalogue.Catalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a user who clones the repository reads must point at what the clone has: README.md,
 * results/README.md and docs/*.md link only to files of the repository, every repository path they
 * name exists, every test, benchmark and experiment they cite exists, and nothing the product
 * ships points outside the repository (the project's old notes lived in ../shared).
 */
class DocumentReferencesTest {
    private static final Repository REPO = Repository.locate();
    /** A link with a scheme (https:, mailto:) leaves the repository on purpose. */
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /** results/20261121-183546-run: a run's folder, made by running, git-ignored. */
    private static final Pattern RUN_FOLDER = Pattern.compile("(^|/)results/\\d{8}-\\d{6}");
    /** ChurnRunTest, CloseOrderContract.clientFirstLeaves..., ChurnRunTest#method, ProbeReadBenchmark. */
    private static final Pattern TEST_OR_BENCHMARK =
            Pattern.compile("\\b([A-Z][A-Za-z0-9]*(?:Test|Contract|Benchmark))\\b(?:[.#]([a-z][A-Za-z0-9]*))?");
    /** `experiments lifetime`, twbench experiments tw-reuse, benchmarks.jar experiments server-restart. */
    private static final Pattern EXPERIMENT =
            Pattern.compile("(?:`|benchmarks\\.jar\\s+|twbench\\s+)experiments\\s+([a-z][a-z0-9-]*)");
    /** Where the project's notes used to be: outside the repository. */
    private static final List<String> OUTSIDE = List.of("../shared", "/work/shared", "KERNEL-FACTS.md");

    @Test
    void everyRelativeLinkResolvesInsideTheRepository() {
        List<String> broken = new ArrayList<>();
        for (Path doc : REPO.documents()) {
            MarkdownFile md = MarkdownFile.read(doc);
            for (String target : md.linkTargets()) {
                if (URL.matcher(target).find()) {
                    continue;
                }
                String file = target.replaceFirst("[#?].*$", "");
                Optional<Path> resolved = file.isEmpty() ? Optional.of(doc) : REPO.resolve(doc.getParent(), file);
                if (resolved.isEmpty()) {
                    broken.add(REPO.name(doc) + ": link to " + target + ", which is not a file of the repository");
                    continue;
                }
                int hash = target.indexOf('#');
                if (hash >= 0 && resolved.get().toString().endsWith(".md")
                        && !MarkdownFile.read(resolved.get()).anchors().contains(target.substring(hash + 1))) {
                    broken.add(REPO.name(doc) + ": link to " + target + ", whose file has no such heading");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** The committed reference reports are what a new user opens first: their links must work in a clone too. */
    @Test
    void everyLinkOfTheReferenceReportsResolvesAndNonePointsOutside() throws IOException {
        List<String> broken = new ArrayList<>();
        List<Path> reports;
        try (var walk = Files.walk(REPO.root().resolve("results/reference"))) {
            reports = walk.filter(f -> f.getFileName().toString().equals("report.md")).sorted().toList();
        }
        for (Path report : reports) {
            MarkdownFile md = MarkdownFile.read(report);
            for (String target : md.linkTargets()) {
                String file = target.replaceFirst("[#?].*$", "");
                if (!URL.matcher(target).find() && !file.isEmpty()
                        && REPO.resolve(report.getParent(), file).isEmpty()) {
                    broken.add(REPO.name(report) + ": link to " + target);
                }
            }
            OUTSIDE.stream().filter(md.text()::contains).forEach(o -> broken.add(REPO.name(report) + " cites " + o));
        }
        assertEquals(List.of(), broken);
        assertEquals(true, reports.size() >= 8, "reference reports found: " + reports);
    }

    @Test
    void everyRepositoryPathTheDocumentsNameExists() {
        List<String> missing = new ArrayList<>();
        for (Path doc : REPO.documents()) {
            for (String word : MarkdownFile.read(doc).pathLikeWords()) {
                if (namesRepositoryPath(doc, word) && REPO.resolve(doc.getParent(), word).isEmpty()
                        && REPO.resolve(REPO.root(), word).isEmpty()) {
                    missing.add(REPO.name(doc) + ": " + word);
                }
            }
        }
        assertEquals(List.of(), missing, "paths named in the documents that the repository does not have");
    }

    @Test
    void everyTestAndBenchmarkTheDocumentsNameExists() {
        Map<String, List<Path>> classes = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (Path doc : REPO.documents()) {
            Matcher m = TEST_OR_BENCHMARK.matcher(MarkdownFile.read(doc).text());
            while (m.find()) {
                List<Path> files = classes.computeIfAbsent(m.group(1), REPO::javaFiles);
                String method = m.group(2);
                if (files.isEmpty()) {
                    missing.add(REPO.name(doc) + ": " + m.group(1));
                } else if (method != null && !method.equals("java") && files.stream().noneMatch(f -> declares(f, method))) {
                    missing.add(REPO.name(doc) + ": " + m.group(1) + "." + method);
                }
            }
        }
        assertEquals(List.of(), missing, "tests and benchmarks named in the documents that the sources do not have");
    }

    @Test
    void everyExperimentTheDocumentsNameIsInTheCatalogue() {
        List<String> unknown = new ArrayList<>();
        for (Path doc : REPO.documents()) {
            for (String name : experimentsNamedIn(doc)) {
                if (Catalogue.find(name).isEmpty()) {
                    unknown.add(REPO.name(doc) + ": experiments " + name);
                }
            }
        }
        assertEquals(List.of(), unknown, "known: " + Catalogue.names());
    }

    @Test
    void kernelFactsTiesEveryExperimentOfTheCatalogueToAFact() {
        Set<String> cited = new TreeSet<>(experimentsNamedIn(REPO.root().resolve("docs/kernel-facts.md")));
        Set<String> all = new TreeSet<>();
        Catalogue.all().forEach(e -> all.add(e.claim().name()));
        assertEquals(all, cited);
    }

    @Test
    void nothingTheProductShipsPointsOutsideTheRepository() {
        List<String> outside = new ArrayList<>();
        for (Path file : REPO.productFiles()) {
            String text = read(file);
            for (String place : OUTSIDE) {
                if (text.contains(place)) {
                    outside.add(REPO.name(file) + " mentions " + place);
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    /**
     * A word names a repository path when it is relative and starts where the repository (or the
     * document's folder) has something: {@code docs/...}, {@code plans/...}, {@code ../results/...}.
     * Not: absolute paths, URLs, build output, a run's own folder, or {@code 198.18.0.0/15}.
     */
    private static boolean namesRepositoryPath(Path doc, String word) {
        if (word.startsWith("/") || word.contains("//") || RUN_FOLDER.matcher(word).find()) {
            return false;
        }
        List<String> segments = List.of(word.split("/"));
        if (segments.contains("target")) {
            return false;
        }
        String first = segments.get(0);
        return first.equals(".") || first.equals("..") || Files.exists(doc.getParent().resolve(first))
                || Files.exists(REPO.root().resolve(first));
    }

    /** {@code lifetime} from "`experiments lifetime`", and the like. */
    private static List<String> experimentsNamedIn(Path doc) {
        List<String> names = new ArrayList<>();
        Matcher m = EXPERIMENT.matcher(MarkdownFile.read(doc).text());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static boolean declares(Path javaFile, String method) {
        return Pattern.compile("\\w[\\w<>\\[\\]]*\\s+" + Pattern.quote(method) + "\\s*\\(").matcher(read(javaFile)).find();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.twbench.bench.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The twbench checkout the tests run in, as files: where it is, which of its paths exist, and
 * which files a document may cite. Build output ({@code target/}) and git's own files are not
 * part of it.
 *
 * <pre>{@code
 * Repository repo = Repository.locate();
 * repo.resolve(repo.root().resolve("docs"), "../results/reference/");     // the folder, if it exists
 * repo.resolve(repo.root(), "analysis/.../capacity/CapacityModel.java");  // "..." stands for any folders
 * }</pre>
 */
record Repository(Path root) {
    /** Segments of a path that are never the repository's own files. */
    private static final List<String> NOT_SOURCES = List.of("target", ".git");

    /** The checkout that holds this test's module: the closest folder up with README.md, docs/ and bench/. */
    static Repository locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))
                    && Files.isDirectory(dir.resolve("bench"))) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("no twbench checkout above " + Path.of("").toAbsolutePath());
    }

    /** The documents that must only point at files that exist: README.md, results/README.md, docs/*.md. */
    List<Path> documents() {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("results/README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    /** What the product is made of and ships: every module's src/main, docs/, scripts/, plans/ and the READMEs. */
    List<Path> productFiles() {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("results/README.md")));
        List<Path> trees = new ArrayList<>(List.of(root.resolve("docs"), root.resolve("scripts"), root.resolve("plans")));
        for (String module : List.of("loadgen", "analysis", "bench")) {
            trees.add(root.resolve(module).resolve("src/main"));
        }
        for (Path tree : trees) {
            try (Stream<Path> walk = Files.walk(tree)) {
                walk.filter(Files::isRegularFile).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** True if the path is inside the checkout and not build output. */
    boolean contains(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            return false;
        }
        for (Path segment : root.relativize(p)) {
            if (NOT_SOURCES.contains(segment.toString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The existing file or folder that {@code path}, read from {@code base}, names inside the
     * checkout. A segment {@code ...} stands for any number of folders ({@code bench/.../jmh}).
     */
    Optional<Path> resolve(Path base, String path) {
        String[] segments = path.split("/");
        return resolve(base.toAbsolutePath().normalize(), segments, 0);
    }

    private Optional<Path> resolve(Path at, String[] segments, int i) {
        if (!contains(at)) {
            return Optional.empty();
        }
        if (i == segments.length) {
            return Files.exists(at) ? Optional.of(at) : Optional.empty();
        }
        String segment = segments[i];
        if (segment.isEmpty() || segment.equals(".")) {
            return resolve(at, segments, i + 1);
        }
        if (!segment.equals("...")) {
            return resolve(at.resolve(segment).normalize(), segments, i + 1);
        }
        if (!Files.isDirectory(at)) {
            return Optional.empty();
        }
        try (Stream<Path> below = Files.walk(at)) {
            return below.filter(Files::isDirectory).filter(this::contains)
                    .map(d -> resolve(d, segments, i + 1)).flatMap(Optional::stream).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source files called {@code simpleName}.java, in any module, main or test. */
    List<Path> javaFiles(String simpleName) {
        List<Path> found = new ArrayList<>();
        for (String module : List.of("loadgen", "analysis", "bench")) {
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src"))) {
                walk.filter(f -> f.getFileName().toString().equals(simpleName + ".java")).forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /**
     * The main source files of loadgen, analysis and bench ({@code <module>/src/main/java/**}{@code /*.java}):
     * one top-level class each. Generated sources (JMH's, under {@code target/}) are not among them.
     */
    List<Path> mainSources() {
        List<Path> found = new ArrayList<>();
        for (String module : List.of("loadgen", "analysis", "bench")) {
            try (Stream<Path> walk = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                walk.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".java"))
                        .filter(f -> !f.getFileName().toString().contains("-info.")).sorted().forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** The path relative to the checkout, for messages. */
    String name(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString();
    }
}

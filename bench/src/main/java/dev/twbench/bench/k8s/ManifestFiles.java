package dev.twbench.bench.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The manifest set as files: one YAML file per object, numbered in the order to apply them
 * ({@code 01-secret-twbench-token.yaml} ... {@code 06-job-twbench-run.yaml}), so that
 * {@code kubectl apply -f DIR} creates what the pods need before the pods. Written and read with
 * Jackson 3's YAML, which fabric8's model is annotated for.
 *
 * <pre>{@code
 * List<Path> written = ManifestFiles.write(manifests, Path.of("k8s"));
 * K8sManifests again = K8sManifests.of(ManifestFiles.read(Path.of("k8s")));
 * }</pre>
 */
public final class ManifestFiles {
    /**
     * Quotes only where YAML needs them, and always around strings that look like numbers or
     * booleans ({@code "1"}, {@code "on"}): the API server reads a sysctl's value or an arg as a
     * string and refuses a number there.
     */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();
    private static final Pattern FILE_NAME = Pattern.compile("\\d{2}-([a-z]+)-[a-z0-9.-]+\\.yaml");
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "secret", Secret.class, "service", Service.class, "deployment", Deployment.class, "job", Job.class);

    private ManifestFiles() {
    }

    /** One object as YAML. */
    public static String yaml(HasMetadata object) {
        return YAML.writeValueAsString(object);
    }

    /** File name to YAML, in the order to apply them. */
    public static Map<String, String> render(K8sManifests manifests) {
        Map<String, String> files = new LinkedHashMap<>();
        List<HasMetadata> objects = manifests.objects();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata o = objects.get(i);
            files.put(String.format(Locale.ROOT, "%02d-%s-%s.yaml", i + 1, o.getKind().toLowerCase(Locale.ROOT),
                    o.getMetadata().getName()), yaml(o));
        }
        return files;
    }

    /**
     * Writes every file into {@code dir} (made if missing), the Secret's readable by its owner only.
     *
     * @return the files written, in the order to apply them
     */
    public static List<Path> write(K8sManifests manifests, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : render(manifests).entrySet()) {
            Path path = dir.resolve(file.getKey());
            boolean secret = file.getKey().contains("-secret-");
            Files.deleteIfExists(path); // so that a secret file is made anew with its owner-only mode
            if (secret && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            written.add(path);
        }
        return written;
    }

    /** The objects of the files in {@code dir} that {@link #write} names, in file-name order. */
    public static List<HasMetadata> read(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> FILE_NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files) {
            Matcher m = FILE_NAME.matcher(file.getFileName().toString());
            Class<? extends HasMetadata> kind = m.matches() ? KINDS.get(m.group(1)) : null;
            if (kind != null) {
                objects.add(YAML.readValue(Files.readString(file, StandardCharsets.UTF_8), kind));
            }
        }
        return objects;
    }
}

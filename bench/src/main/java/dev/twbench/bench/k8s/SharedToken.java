package dev.twbench.bench.k8s;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the orchestrator and the agents share: a fresh one, or the contents of a file.
 *
 * <pre>{@code
 * SharedToken.generate();             // 64 hex digits from SecureRandom
 * SharedToken.read(Path.of("token")); // the file's text as it is, if it holds at least 16 characters
 * }</pre>
 */
public final class SharedToken {
    /** What the agents accept as a secret. */
    public static final int MIN_CHARS = 16;
    private static final int GENERATED_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SharedToken() {
    }

    public static String generate() {
        byte[] bytes = new byte[GENERATED_BYTES];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The file's text unchanged, a final newline included: the mounted file is then the same bytes
     * the agents would read from the given file anywhere else.
     *
     * @throws InvalidScenarioException naming {@code --token-file} when it cannot be read or is too short
     */
    public static String read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw InvalidScenarioException.of("--token-file", file, "must be UTF-8 text");
        } catch (IOException e) {
            throw InvalidScenarioException.of("--token-file", file, "must be a readable file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (text.strip().length() < MIN_CHARS) {
            throw InvalidScenarioException.of("--token-file", file, "must hold at least " + MIN_CHARS
                    + " characters of secret (it has " + text.strip().length() + ")");
        }
        return text;
    }
}

package dev.twbench.bench.k8s;

import dev.twbench.loadgen.remote.AgentToken;
import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The secret the orchestrator and the agents share: a fresh one, or the contents of a file.
 *
 * <pre>{@code
 * SharedToken.generate();             // 64 hex digits from SecureRandom
 * SharedToken.read(Path.of("token")); // the file's text as it is, if it holds at least 16 characters
 * }</pre>
 */
public final class SharedToken {
    /** What the agents accept as a secret ({@link AgentToken}'s rule). */
    public static final int MIN_CHARS = AgentToken.MIN_LENGTH;

    private SharedToken() {
    }

    public static String generate() {
        return AgentToken.generateSecret();
    }

    /**
     * The file's text unchanged, a final newline included: the mounted file is then the same bytes
     * the agents would read from the given file anywhere else. Valid as the agents judge a token.
     *
     * @throws InvalidScenarioException naming {@code --token-file} when it cannot be read or is too short
     */
    public static String read(Path file) {
        AgentToken.read("--token-file", file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw InvalidScenarioException.of("--token-file", file, "must be UTF-8 text");
        } catch (IOException e) {
            throw InvalidScenarioException.of("--token-file", file, "cannot be read: " + e.getMessage());
        }
        return text;
    }
}

package dev.twbench.loadgen.remote;

import dev.twbench.loadgen.scenario.InvalidScenarioException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret an orchestrator and its agents share, read from {@code --token-file}. It never goes
 * on the wire: each side proves it holds it by an HMAC-SHA256 over a nonce the other side chose
 * ({@link Handshake}).
 *
 * <pre>{@code
 * AgentToken token = AgentToken.read("--token-file", Path.of("/etc/twbench/token"));
 * String proof = token.mac(Handshake.PEER, nonce);
 * boolean ok = token.verify(Handshake.PEER, nonce, proof);   // constant-time
 * }</pre>
 */
public final class AgentToken {
    /** Short secrets are guessable offline from one captured exchange. */
    public static final int MIN_LENGTH = 16;
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private AgentToken(byte[] secret) {
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /**
     * The file's text, surrounding whitespace removed.
     *
     * @throws InvalidScenarioException no such file, unreadable, or shorter than {@value #MIN_LENGTH} characters
     */
    public static AgentToken read(String option, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw InvalidScenarioException.of(option, file.toString(), "no such file; it must hold the shared token"
                    + " (at least " + MIN_LENGTH + " characters), e.g. head -c 32 /dev/urandom | xxd -p > token");
        } catch (IOException e) {
            throw InvalidScenarioException.of(option, file.toString(), "cannot be read: " + e.getMessage());
        }
        if (text.length() < MIN_LENGTH) {
            throw InvalidScenarioException.of(option, file.toString(), "holds " + text.length()
                    + " characters; a token must have at least " + MIN_LENGTH);
        }
        return new AgentToken(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh secret for a token file: 32 random bytes as 64 hex digits. */
    public static String generateSecret() {
        return random(32);
    }

    /** A fresh random nonce, 16 bytes as hex. */
    public static String nonce() {
        return random(16);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** HMAC-SHA256 of {@code role|nonce}, hex: the role keeps one side's proof from being replayed as the other's. */
    public String mac(String role, String nonce) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((role + "|" + nonce).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code proof} is this token's MAC of {@code role|nonce}, compared in constant time. */
    public boolean verify(String role, String nonce, String proof) {
        return proof != null && MessageDigest.isEqual(mac(role, nonce).getBytes(StandardCharsets.US_ASCII),
                proof.getBytes(StandardCharsets.US_ASCII));
    }
}

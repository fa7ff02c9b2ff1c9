package dev.twbench.bench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twbench.loadgen.record.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket on loopback), so
 * a test can look at a page as a person would: load it, ask the page what it shows, and take a
 * screenshot.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.start(profileDir)) {
 *     chromium.open(Path.of("report.html"));
 *     JsonNode images = chromium.evaluate("Array.from(document.images).map(i => i.naturalWidth)");
 *     chromium.screenshot(Path.of("report.png"));
 * }
 * }</pre>
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket page) {
        this.process = process;
        this.page = page;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    static HeadlessChromium start(Path profileDir) throws Exception {
        // Root needs --no-sandbox; port 0 lets the browser pick a free loopback port and print it.
        Process process = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profileDir, "--window-size=1200,900", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String browserWs = awaitDevTools(process);
            URI browser = URI.create(browserWs);
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).body();
            String pageWs = null;
            for (JsonNode target : Json.MAPPER.readTree(list)) {
                if ("page".equals(target.path("type").asText())) {
                    pageWs = target.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageWs == null) {
                throw new IOException("Chromium shows no page target: " + list);
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(pageWs), new Listener(() -> self[0])).get(60, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, ws);
            return self[0];
        } catch (Exception e) {
            stop(process);
            throw e;
        }
    }

    private static String awaitDevTools(Process process) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                // Keep draining stderr so the browser never blocks on a full pipe.
                Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return m.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("Chromium exited before listening for DevTools:\n" + seen);
    }

    /** Loads a file and waits until the page and every image in it have loaded (or failed to). */
    void open(Path file) throws Exception {
        call("Page.enable", Map.of());
        call("Page.navigate", Map.of("url", file.toAbsolutePath().toUri().toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!evaluate("document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")
                .asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the page did not finish loading within " + TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    /** The value of a JavaScript expression in the page, as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("page script failed: " + result.path("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** A PNG of the whole page, not just the window. */
    void screenshot(Path png) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    private JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", Json.MAPPER.valueToTree(params));
        page.sendText(Json.MAPPER.writeValueAsString(message), true).get(60, TimeUnit.SECONDS);
        JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IOException(method + " failed: " + answer.path("error"));
        }
        return answer.path("result");
    }

    private void onMessage(String text) {
        try {
            JsonNode json = Json.MAPPER.readTree(text);
            if (json.has("id")) {
                CompletableFuture<JsonNode> reply = pending.remove(json.path("id").asInt());
                if (reply != null) {
                    reply.complete(json);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    @Override
    public void close() {
        page.abort();
        stop(process);
    }

    /** Ends the browser we started, and the helper processes it started, by pid. */
    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Collects a message's fragments and hands whole messages to the browser object. */
    private static final class Listener implements WebSocket.Listener {
        private final Supplier<HeadlessChromium> owner;
        private final StringBuilder partial = new StringBuilder();

        Listener(Supplier<HeadlessChromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                HeadlessChromium self = owner.get();
                if (self != null) {
                    self.onMessage(message);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

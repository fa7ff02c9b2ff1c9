package dev.twbench.loadgen.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HTTP/1.1 messages twbench's client and server send, each made once per run: a GET with a
 * Host header, and a 200 with a Content-Length body. Each comes in two forms, for a connection
 * that stays open and for one that ends ({@code Connection: close}).
 */
final class HttpPayloads {
    private HttpPayloads() {
    }

    static Payload request(String path, String host, boolean close) {
        return new Payload(ascii("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: twbench\r\n"
                + (close ? "Connection: close\r\n" : "") + "\r\n"));
    }

    static Payload response(int bodyBytes, boolean close) {
        byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bodyBytes
                + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n");
        byte[] message = new byte[head.length + bodyBytes];
        System.arraycopy(head, 0, message, 0, head.length);
        Arrays.fill(message, head.length, message.length, (byte) 'x');
        return new Payload(message);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

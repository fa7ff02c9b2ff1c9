package dev.twbench.loadgen.probe;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the kernel's TCP socket tables of this process's network namespace, /proc/net/tcp and
 * /proc/net/tcp6, one socket at a time, without keeping the table.
 *
 * <pre>{@code
 * long[] timeWait = {0};
 * TcpTable.readAll(socket -> {
 *     if (socket.state() == TcpState.TIME_WAIT) {
 *         timeWait[0]++;
 *     }
 * });
 * }</pre>
 *
 * <p>Why /proc and not netlink sock_diag, which {@code ss} uses: with 617,000 TIME_WAIT sockets in
 * one namespace the kernel wrote /proc/net/tcp6 in 1.0 s and {@code ss -tan state time-wait}
 * took 1.15 s (docs/kernel-facts.md, "A host's own TIME_WAIT, at half a million"). The table is
 * streamed, never held: 300,000 lines of tcp6 are 48 MB of text. The bytes are parsed in place,
 * each address looked up by its hex form and written out once: on a saved 300,000-line table,
 * 87 to 130 ms once warm, where the regular expression per line it replaced took 123 to 144 ms.
 *
 * <p>A dual-stack socket (Java's default) is listed in tcp6 with an IPv4-mapped address; both
 * files are read, and such an address is given as plain IPv4.
 */
public final class TcpTable {
    public static final Path IPV4 = Path.of("/proc/net/tcp");
    public static final Path IPV6 = Path.of("/proc/net/tcp6");
    /** The kernel hands over about a page per read(); a line is under 200 bytes. */
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    /** Addresses already written out, by their hex form: a table has few distinct ones and many lines. */
    private final Map<String, String> addresses = new HashMap<>();
    private final Consumer<TcpSocket> visitor;
    /** Where each of a line's first ten fields starts and ends, refilled for every line. */
    private final int[] starts = new int[10];
    private final int[] ends = new int[10];

    private TcpTable(Consumer<TcpSocket> visitor) {
        this.visitor = visitor;
    }

    /** Every socket of this namespace, IPv4 table first; a table this kernel lacks (no IPv6) is skipped. */
    public static void readAll(Consumer<TcpSocket> visitor) throws IOException {
        TcpTable table = new TcpTable(visitor);
        for (Path file : List.of(IPV4, IPV6)) {
            if (file.toFile().exists()) {
                try (InputStream in = new FileInputStream(file.toFile())) {
                    table.parse(in);
                }
            }
        }
    }

    /** Every socket of one table file's content (either format). */
    public static void parse(InputStream in, Consumer<TcpSocket> visitor) throws IOException {
        new TcpTable(visitor).parse(in);
    }

    private void parse(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        int length = 0;
        boolean header = true;
        for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
            length += n;
            int lineStart = 0;
            for (int i = 0; i < length; i++) {
                if (buffer[i] == '\n') {
                    if (!header) {
                        line(buffer, lineStart, i);
                    }
                    header = false;
                    lineStart = i + 1;
                }
            }
            // Keep the unfinished last line for the next read.
            System.arraycopy(buffer, lineStart, buffer, 0, length - lineStart);
            length -= lineStart;
            if (length == buffer.length) {
                throw new IOException("a socket table line longer than " + buffer.length + " bytes");
            }
        }
        if (length > 0 && !header) {
            line(buffer, 0, length);
        }
    }

    /**
     * "  12: 0100007F:1B58 0100007F:9C41 06 00000000:00000000 03:00001056 00000000     0        0 0 ..."
     * fields: sl, local, remote, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid, timeout, inode.
     */
    private void line(byte[] b, int from, int to) {
        int fields = 0;
        int i = from;
        while (fields < starts.length) {
            while (i < to && b[i] == ' ') {
                i++;
            }
            if (i >= to) {
                break;
            }
            starts[fields] = i;
            while (i < to && b[i] != ' ') {
                i++;
            }
            ends[fields++] = i;
        }
        if (fields < starts.length) {
            return; // not a socket line
        }
        int timerColon = indexOf(b, starts[5], ends[5], ':');
        visitor.accept(new TcpSocket(TcpState.ofNumber((int) hex(b, starts[3], ends[3])),
                endpoint(b, starts[1], ends[1]), endpoint(b, starts[2], ends[2]),
                (int) hex(b, starts[5], timerColon), hex(b, timerColon + 1, ends[5]),
                decimal(b, starts[7], ends[7]), decimal(b, starts[9], ends[9])));
    }

    /** "0100007F:1B58" (IPv4) or "0000000000000000FFFF00000100007F:1B58" (IPv6). */
    private Endpoint endpoint(byte[] b, int from, int to) {
        int colon = indexOf(b, from, to, ':');
        String hex = new String(b, from, colon - from, StandardCharsets.US_ASCII);
        return new Endpoint(addresses.computeIfAbsent(hex, TcpTable::address), (int) hex(b, colon + 1, to));
    }

    /**
     * The kernel prints an address as 32-bit words, each in the host's byte order (%08X of a u32):
     * on a little-endian machine "0100007F" is 127.0.0.1.
     */
    static String address(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int k = 0; k < 4; k++) {
                int shift = LITTLE_ENDIAN ? 8 * k : 8 * (3 - k);
                bytes[word * 4 + k] = (byte) (value >>> shift);
            }
        }
        try {
            // InetAddress turns an IPv4-mapped IPv6 address into the IPv4 one by itself.
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return to;
    }

    private static long hex(byte[] b, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            int c = b[i];
            value = value << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        return value;
    }

    private static long decimal(byte[] b, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }
}

package dev.twbench.loadgen.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One tagged interval line of an HdrHistogram log, {@code Tag=cycle,<start s>,<length s>,<max>,<base64>},
 * decoded: how latency lines written by a client agent are read where they must be re-written
 * (one file per metric) or added (a fleet's merged log).
 *
 * <pre>{@code
 * for (HlogLine line : HlogLine.parseAll(agentLines)) {
 *     merged.add(line.histogram());
 * }
 * }</pre>
 */
record HlogLine(String tag, double startSec, double lengthSec, Histogram histogram) {
    private static final String TAG = "Tag=";

    /** The tagged lines of {@code text}; untagged lines and comments are skipped. */
    static List<HlogLine> parseAll(String text) throws IOException {
        List<HlogLine> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(TAG)) {
                lines.add(parse(line));
            }
        }
        return lines;
    }

    static HlogLine parse(String line) throws IOException {
        String[] f = line.split(",", 5);
        if (f.length < 5) {
            throw new IOException("not an interval line of a latency log: " + line);
        }
        Histogram h;
        try {
            h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(f[4].strip())), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("an interval histogram that does not decode: " + e.getMessage(), e);
        }
        return new HlogLine(f[0].substring(TAG.length()), Double.parseDouble(f[1]), Double.parseDouble(f[2]), h);
    }
}

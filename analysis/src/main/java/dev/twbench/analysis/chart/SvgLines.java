package dev.twbench.analysis.chart;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * VectorGraphics2D writes a drawn polyline as one {@code <line>} element per segment, about 200
 * bytes each, so a curve of a few thousand points was most of a chart's SVG. This joins each run
 * of consecutive segments of one style, each starting where the one before ended, into one
 * {@code <polyline>}, with coordinates to a hundredth of a pixel: the same picture in a tenth of
 * the bytes. Anything else in the file is left as it is.
 */
final class SvgLines {
    private static final Pattern LINE = Pattern.compile(
            "<line style=\"([^\"]*)\" x1=\"([-0-9.eE]+)\" x2=\"([-0-9.eE]+)\" y1=\"([-0-9.eE]+)\" y2=\"([-0-9.eE]+)\"/>");
    /** Only whitespace may stand between two segments of one run: they are siblings, in one group. */
    private static final Pattern BETWEEN = Pattern.compile("\\s*");

    private SvgLines() {
    }

    static String join(String svg) {
        Matcher m = LINE.matcher(svg);
        StringBuilder out = new StringBuilder(svg.length() / 4);
        int copiedTo = 0;
        Run run = null;
        while (m.find()) {
            boolean adjacent = run != null && BETWEEN.matcher(svg.substring(run.endIndex, m.start())).matches();
            if (adjacent && run.continuesWith(m)) {
                run.add(m);
                continue;
            }
            if (run != null) {
                copiedTo = run.writeTo(out, svg, copiedTo);
            }
            run = new Run(m);
        }
        if (run != null) {
            copiedTo = run.writeTo(out, svg, copiedTo);
        }
        return out.append(svg, copiedTo, svg.length()).toString();
    }

    /** Consecutive segments of one style, each starting where the one before ended. */
    private static final class Run {
        private final String style;
        private final int startIndex;
        private final StringBuilder points = new StringBuilder();
        private int endIndex;
        private int segments;
        private String lastX;
        private String lastY;

        Run(Matcher first) {
            style = first.group(1);
            startIndex = first.start();
            point(first.group(2), first.group(4));
            add(first);
        }

        boolean continuesWith(Matcher next) {
            return next.group(1).equals(style) && next.group(2).equals(lastX) && next.group(4).equals(lastY);
        }

        void add(Matcher segment) {
            point(segment.group(3), segment.group(5));
            lastX = segment.group(3);
            lastY = segment.group(5);
            endIndex = segment.end();
            segments++;
        }

        private void point(String x, String y) {
            points.append(points.isEmpty() ? "" : " ").append(round(x)).append(',').append(round(y));
        }

        /** Copies what stands before the run, then the run; returns where the copy has reached. */
        int writeTo(StringBuilder out, String svg, int copiedTo) {
            out.append(svg, copiedTo, startIndex);
            if (segments == 1) {
                out.append(svg, startIndex, endIndex); // a lone segment (a tick, a grid line) stays a line
            } else {
                // Round joins: separate segments overlapped at each point; a miter would spike at every peak.
                out.append("<polyline style=\"").append(style).append("stroke-linejoin:round;\" points=\"").append(points)
                        .append("\"/>");
            }
            return endIndex;
        }

        private static String round(String coordinate) {
            String s = String.format(Locale.ROOT, "%.2f", Double.parseDouble(coordinate));
            return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        }
    }
}

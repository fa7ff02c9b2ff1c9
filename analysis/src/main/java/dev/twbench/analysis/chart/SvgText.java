package dev.twbench.analysis.chart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.AxesChartSeriesCategory;
import org.knowm.xchart.internal.series.Series;

/**
 * XChart draws every letter as an outline, so an SVG it writes holds no text: no search, no
 * screen reader, no copy. This adds SVG's own {@code <title>} and {@code <desc>} with the
 * chart's title, series names (as in the legend), bar categories, and the labels drawn along each
 * axis (see {@link DrawnTicks}), one axis a line:
 *
 * <pre>
 * Series: TIME_WAIT sockets; drain starts.
 * X axis: 0; 10; 20; 30; 40; 50; 60
 * Y axis: 0; 1,000; 2,000; 3,000
 * </pre>
 */
final class SvgText {
    private SvgText() {
    }

    static byte[] describe(byte[] svg, Chart<?, ?> chart) {
        String doc = new String(svg, StandardCharsets.UTF_8);
        int root = doc.indexOf("<svg");
        int rootEnd = root < 0 ? -1 : doc.indexOf('>', root);
        if (rootEnd < 0) {
            return svg;
        }
        String text = "\n  <title>" + escape(chart.getTitle()) + "</title>\n  <desc>" + escape(description(chart))
                + "</desc>";
        return (doc.substring(0, rootEnd + 1) + text + doc.substring(rootEnd + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** The first line of the description, then a line per axis: see above. To call once the chart has been painted. */
    static String description(Chart<?, ?> chart) {
        return legend(chart) + axis("X", DrawnTicks.x(chart)) + axis("Y", DrawnTicks.y(chart));
    }

    /** {@code \nX axis: 0; 10; 20}, or nothing for an axis without labels. */
    private static String axis(String name, List<String> labels) {
        return labels.isEmpty() ? "" : "\n" + name + " axis: " + String.join("; ", labels);
    }

    /** {@code Series: a; b. Categories: x; y.} */
    private static String legend(Chart<?, ?> chart) {
        List<String> series = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (Series s : chart.getSeriesCollection()) {
            if (!s.isShowInLegend()) {
                continue;
            }
            series.add(s.getLabel() != null ? s.getLabel() : s.getName());
            if (s instanceof AxesChartSeriesCategory c) {
                // Stripped: BarLabels may lead one with spaces, which draw nothing.
                c.getXData().stream().map(x -> String.valueOf(x).strip()).filter(x -> !categories.contains(x))
                        .forEach(categories::add);
            }
        }
        return "Series: " + String.join("; ", series) + "."
                + (categories.isEmpty() ? "" : " Categories: " + categories.stream().collect(Collectors.joining("; ")) + ".");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

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
 * chart's title, series names (as in the legend) and bar categories.
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

    /** {@code Series: a; b. Categories: x; y.} */
    static String description(Chart<?, ?> chart) {
        List<String> series = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        for (Series s : chart.getSeriesCollection()) {
            if (!s.isShowInLegend()) {
                continue;
            }
            series.add(s.getLabel() != null ? s.getLabel() : s.getName());
            if (s instanceof AxesChartSeriesCategory c) {
                c.getXData().stream().map(String::valueOf).filter(x -> !categories.contains(x)).forEach(categories::add);
            }
        }
        return "Series: " + String.join("; ", series) + "."
                + (categories.isEmpty() ? "" : " Categories: " + categories.stream().collect(Collectors.joining("; ")) + ".");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.twbench.analysis.chart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Saves a chart as {@code <dir>/<name>.png} and {@code <dir>/<name>.svg}; the SVG carries the
 * title and series names as text (see {@link SvgText}).
 *
 * <pre>{@code
 * ChartFile file = ChartWriter.write(ChartStyle.xy("title", "x (s)", "y (sockets)"), "my-chart", chartsDir);
 * }</pre>
 */
public final class ChartWriter {
    static {
        Headless.ensure();
    }

    private ChartWriter() {
    }

    public static ChartFile write(Chart<?, ?> chart, String name, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        // XChart 4's ChartEncoder (BitmapEncoder and VectorGraphicsEncoder underneath; their own
        // entry points are deprecated). Streams, not file names: XChart appends extensions to those.
        try (OutputStream out = Files.newOutputStream(png)) {
            ChartEncoder.saveChart(chart, out, "png");
        }
        Files.write(svg, SvgText.describe(ChartEncoder.getBytes(chart, "svg"), chart));
        return new ChartFile(name, chart.getTitle(), png, svg);
    }
}

package dev.twbench.analysis.chart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Saves a chart as {@code <dir>/<name>.png} and {@code <dir>/<name>.svg}; the SVG carries the
 * title and series names as text (see {@link SvgText}) and draws each curve as one polyline (see
 * {@link SvgLines}).
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
        byte[] drawn = SvgLines.join(new String(ChartEncoder.getBytes(chart, "svg"), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        Files.write(svg, SvgText.describe(drawn, chart));
        return new ChartFile(name, chart.getTitle(), png, svg);
    }
}

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
 * ChartOutcome memory = ChartWriter.write(MemoryChart.of(run), RunCharts.MEMORY, chartsDir);   // drawn, or a sentence
 * }</pre>
 */
public final class ChartWriter {
    static {
        Headless.ensure();
    }

    private ChartWriter() {
    }

    /**
     * A chart with something to draw is written; one without is not, and the files an earlier
     * rendering wrote under its name are deleted, so that a re-rendered report's folder holds no
     * empty chart the report no longer shows.
     */
    static ChartOutcome write(Sketch sketch, String name, Path dir) throws IOException {
        if (sketch instanceof Sketch.Drawable drawable) {
            return new ChartOutcome.Drawn(write(drawable.chart(), name, dir));
        }
        Sketch.Blank blank = (Sketch.Blank) sketch;
        Files.deleteIfExists(dir.resolve(name + ".png"));
        Files.deleteIfExists(dir.resolve(name + ".svg"));
        return new ChartOutcome.Nothing(name, blank.title(), blank.reason());
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

package dev.twbench.analysis.chart;

import java.nio.file.Path;

/**
 * One chart as written to disk, in both formats: the PNG for pages and quick looks, the SVG for
 * zooming and for reports that scale.
 *
 * @param name  file name without extension, e.g. {@code timewait-client}; stable, so a report can
 *              refer to a chart by it
 * @param title the chart's title as drawn
 */
public record ChartFile(String name, String title, Path png, Path svg) {
}

package dev.twbench.analysis.chart;

import java.util.List;

/**
 * What became of one chart of a report: drawn and written to disk, or left out with the one
 * sentence a reader gets in its place. A chart with nothing to draw (the server's TIME_WAIT in a
 * client-first run, the memory of a run recorded before twbench wrote it) is said, not drawn: an
 * empty axis from 0 to 1 only makes the reader look for a curve that is not there.
 *
 * <pre>{@code
 * for (ChartOutcome chart : RunCharts.draw(run, Map.of(), runDir.resolve("charts"))) {
 *     if (chart instanceof ChartOutcome.Drawn drawn) {
 *         show(drawn.file().png());
 *     } else if (chart instanceof ChartOutcome.Nothing nothing) {
 *         say(nothing.reason());   // "The server held no TIME_WAIT in this run: ..."
 *     }
 * }
 * }</pre>
 */
public sealed interface ChartOutcome permits ChartOutcome.Drawn, ChartOutcome.Nothing {
    /** File name without extension, e.g. {@code timewait-server}, whether or not a file was written. */
    String name();

    /** The chart's title: as drawn, or as it would have been. */
    String title();

    /** The chart as written, in both formats. */
    record Drawn(ChartFile file) implements ChartOutcome {
        @Override
        public String name() {
            return file.name();
        }

        @Override
        public String title() {
            return file.title();
        }
    }

    /**
     * A chart left out: no file was written (and none from an earlier rendering is left behind).
     *
     * @param reason one sentence, e.g. "twbench's memory was not recorded in this run (older format)."
     */
    record Nothing(String name, String title, String reason) implements ChartOutcome {
    }

    /** The charts that were drawn, in order: for a caller that only shows or counts files. */
    static List<ChartFile> drawn(List<ChartOutcome> outcomes) {
        return outcomes.stream().filter(Drawn.class::isInstance).map(o -> ((Drawn) o).file()).toList();
    }
}

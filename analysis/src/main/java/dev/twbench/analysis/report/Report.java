package dev.twbench.analysis.report;

import dev.twbench.analysis.chart.ChartFile;
import dev.twbench.analysis.chart.ChartOutcome;
import java.nio.file.Path;
import java.util.List;

/**
 * A report as content, before it is HTML or Markdown: both renderers walk the same sections, so
 * the two files always say the same thing.
 *
 * @param title    the page title
 * @param subtitle one line under it (what, when, where)
 * @param sections in reading order
 */
public record Report(String title, String subtitle, List<Section> sections) {

    public record Section(String heading, List<Block> blocks) {
    }

    /** What a section is made of. */
    public sealed interface Block permits Paragraph, Bullets, Table, Figure, SmallMultiples, FileList {
    }

    /** Plain text; a disagreement or warning is flagged so renderers can make it stand out. */
    public record Paragraph(String text, boolean warning) implements Block {
        public static Paragraph of(String text) {
            return new Paragraph(text, false);
        }
    }

    public record Bullets(List<String> items) implements Block {
    }

    /**
     * @param flaggedRows indexes of rows to mark (a prediction more than 10 % off)
     */
    public record Table(List<String> headers, List<List<String>> rows, List<Integer> flaggedRows) implements Block {
        public static Table of(List<String> headers, List<List<String>> rows) {
            return new Table(headers, rows, List.of());
        }
    }

    /**
     * A chart in its place in the report: its picture, or, when it had nothing to draw, the one
     * sentence that says why ({@link ChartOutcome.Nothing}).
     */
    public record Figure(ChartOutcome chart) implements Block {
        /** A chart that was drawn. */
        public Figure(ChartFile drawn) {
            this(new ChartOutcome.Drawn(drawn));
        }
    }

    /**
     * Charts of one kind, one per host of a run across hosts, drawn small and on one scale to be
     * compared side by side: report.html lays them out in a grid, report.md in one paragraph,
     * which Markdown viewers show in a row. Each is drawn or said, as a {@link Figure}.
     */
    public record SmallMultiples(List<ChartOutcome> charts) implements Block {
        public SmallMultiples {
            charts = List.copyOf(charts);
        }
    }

    /** Files beside the report, as paths relative to it, each with what it holds. */
    public record FileList(List<Path> files, List<String> descriptions) implements Block {
    }
}

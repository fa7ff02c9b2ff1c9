package dev.twbench.analysis.report;

import dev.twbench.analysis.chart.ChartOutcome;
import java.nio.file.Path;

/** report.md: the same sections as report.html, with charts as image files beside it. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    /**
     * @param reportDir where report.md will live: chart and file links are written relative to it
     */
    public static String render(Report report, Path reportDir) {
        StringBuilder md = new StringBuilder(16 * 1024);
        md.append("# ").append(text(report.title())).append("\n\n").append(text(report.subtitle())).append("\n");
        for (Report.Section section : report.sections()) {
            md.append("\n## ").append(text(section.heading())).append("\n\n");
            for (Report.Block block : section.blocks()) {
                block(md, block, reportDir);
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static void block(StringBuilder md, Report.Block block, Path reportDir) {
        if (block instanceof Report.Paragraph p) {
            md.append(p.warning() ? "> **Warning:** " : "").append(text(p.text())).append('\n');
        } else if (block instanceof Report.Bullets b) {
            b.items().forEach(i -> md.append("- ").append(text(i)).append('\n'));
        } else if (block instanceof Report.Table t) {
            md.append('|');
            t.headers().forEach(h -> md.append(' ').append(cell(h)).append(" |"));
            md.append("\n|");
            t.headers().forEach(h -> md.append(" --- |"));
            md.append('\n');
            for (int r = 0; r < t.rows().size(); r++) {
                md.append('|');
                boolean flag = t.flaggedRows().contains(r);
                // "** **" is not bold but two stray pairs of asterisks: an empty cell stays empty.
                t.rows().get(r).forEach(c -> md.append(' ').append(flag && !c.isEmpty() ? "**" + cell(c) + "**"
                        : cell(c)).append(" |"));
                md.append('\n');
            }
        } else if (block instanceof Report.Figure f) {
            figure(md, f.chart(), reportDir);
        } else if (block instanceof Report.SmallMultiples m) {
            // Lines without a blank between are one paragraph: the pictures stand in a row.
            m.charts().forEach(c -> figure(md, c, reportDir));
        } else if (block instanceof Report.FileList l) {
            for (int i = 0; i < l.files().size(); i++) {
                String name = l.files().get(i).toString().replace('\\', '/');
                md.append("- [`").append(name).append("`](").append(name).append("): ")
                        .append(text(l.descriptions().get(i))).append('\n');
            }
        }
    }

    /** A drawn chart as an image; in place of one with nothing to draw, its title and the sentence why. */
    private static void figure(StringBuilder md, ChartOutcome chart, Path reportDir) {
        if (chart instanceof ChartOutcome.Drawn drawn) {
            md.append("![").append(text(drawn.title()).replace("]", "\\]")).append("](")
                    .append(relative(reportDir, drawn.file().png())).append(")\n");
        } else if (chart instanceof ChartOutcome.Nothing nothing) {
            md.append("**").append(text(nothing.title())).append(":** ").append(text(nothing.reason())).append('\n');
        }
    }

    private static String relative(Path reportDir, Path file) {
        return reportDir.toAbsolutePath().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static String cell(String s) {
        return s.isEmpty() ? " " : text(s).replace("|", "\\|").replace("\n", " ");
    }

    /**
     * Text from run.json, sweep names or JMH parameters, made inert: Markdown viewers pass
     * inline HTML through, so angle brackets and ampersands are written as entities.
     */
    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
